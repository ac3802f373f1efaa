import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../dev/simulator/graphSimulator';
import { openTestStack, user, type TestStack } from '../support/testStack';

let t: TestStack;
beforeAll(async () => {
  t = await openTestStack();
});
afterAll(async () => {
  await t?.close();
});

interface RosterDoc {
  state: string;
  participants: { identity: { kind: string; id: string } | null; isMuted: boolean | null; invitation: { clientContext: string } | null }[];
  formerParticipants: { identity: { kind: string; id: string } | null; removalReason: string | null }[];
  invitations: { clientContext: string; status: string }[];
}

/** The same script of invites, answers, a mute and a departure on a new call. Returns the call id. */
async function runScript(prefix: string, inviteCount: number): Promise<string> {
  const sim = t.stack.simulator.sim;
  const callId = t.newCall();
  sim.scenario.behaviourFor = { [`${prefix}-declines`]: 'decline', [`${prefix}-unreachable`]: 'noAnswer' };
  const ids = [...Array.from({ length: inviteCount }, (_, i) => `${prefix}-u${i}`), `${prefix}-declines`, `${prefix}-unreachable`];
  await Promise.all(ids.map((id, i) => t.invite(callId, { participants: [user(id)], clientContext: `ctx-${i}` })));
  await t.settle();
  const call = sim.calls.get(callId);
  const first = [...(call?.participants.values() ?? [])].find((p) => (p.identity.user as { id?: string } | undefined)?.id === `${prefix}-u0`);
  if (call && first) {
    call.mute(first.id, true);
    sim.deliver(call, [call.roster({ legacy: false })]);
    sim.leave(callId, first.id);
  }
  await t.settle();
  return callId;
}

/** Final state without wall-clock times or per-call ids, identities made prefix-free. */
async function finalState(callId: string, prefix: string) {
  const strip = (id: string | undefined) => id?.replace(`${prefix}-`, '');
  const roster = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as RosterDoc;
  const invitations = await Promise.all(
    roster.invitations.map(async (i) => {
      const doc = (await t.getJson(`/api/calls/${callId}/invitations/${i.clientContext}`)).body as { status: string; outcome: { reason: string } | null; invitees: { identity: { id: string }; state: string }[] };
      return { clientContext: i.clientContext, status: doc.status, reason: doc.outcome?.reason, invitees: doc.invitees.map((v) => [strip(v.identity.id), v.state]) };
    }),
  );
  const person = (p: { identity: { kind: string; id: string } | null }) => (p.identity?.kind === 'application' ? 'bot' : strip(p.identity?.id));
  return {
    state: roster.state,
    present: roster.participants.map((p) => [person(p), p.isMuted, p.invitation?.clientContext ?? null]).sort(),
    former: roster.formerParticipants.map((p) => [person(p), p.removalReason]).sort(),
    invitations: invitations.sort((a, b) => a.clientContext.localeCompare(b.clientContext)),
  };
}

describe('delivery order', () => {
  it('duplicated, shuffled and concurrent deliveries give the same final state as in-order delivery', async () => {
    t.stack.simulator.sim.scenario = defaultScenario();
    const inOrder = await runScript('a', 12);
    const expected = await finalState(inOrder, 'a');
    expect(expected.invitations.filter((i) => i.status === 'completed')).toHaveLength(12);
    expect(expected.former).toEqual([['u0', 'left']]);

    t.stack.simulator.sim.scenario = { ...defaultScenario(), hold: true };
    const shuffled = await runScript('b', 12);
    t.stack.simulator.sim.scenario.hold = false;
    const statuses = await t.stack.simulator.sim.release(shuffled, { copies: 3, shuffle: true, concurrency: 8 });
    expect(statuses.length).toBeGreaterThan(40);
    expect(new Set(statuses)).toEqual(new Set([202]));
    expect(await finalState(shuffled, 'b')).toEqual(expected);
  });
});
