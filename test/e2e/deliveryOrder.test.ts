import { beforeEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../dev/simulator/graphSimulator';
import { useTestStack, user, type TestStack } from '../support/testStack';

const stack = useTestStack();
let t: TestStack;
beforeEach(() => {
  t = stack();
});

interface RosterDoc {
  state: string;
  participants: { identity: { kind: string; id: string } | null; isMuted: boolean | null; invitation: { clientContext: string } | null }[];
  formerParticipants: { identity: { kind: string; id: string } | null; removalReason: string | null }[];
  invitations: { clientContext: string; status: string }[];
}

/**
 * The same script on a new call: parallel invites (some repeated with the same clientContext),
 * answers, a decline, an unreachable callee, a mute and a departure. Notifications are held,
 * then released as asked. Returns the call id.
 */
async function runScript(prefix: string, inviteCount: number, release: { copies: number; shuffle: boolean; concurrency: number }): Promise<{ callId: string; delivered: number[] }> {
  const sim = t.stack.simulator.sim;
  const callId = t.newCall();
  await t.settle();
  sim.scenario = { ...defaultScenario(), hold: true, behaviourFor: { [`${prefix}-declines`]: 'decline', [`${prefix}-unreachable`]: 'noAnswer' } };
  const ids = [...Array.from({ length: inviteCount - 2 }, (_, i) => `${prefix}-u${i}`), `${prefix}-declines`, `${prefix}-unreachable`];
  const requests = ids.map((id, i) => ({ participants: [user(id)], clientContext: `ctx-${i}` }));
  // Every fifth request is sent twice at once, as a retrying client would.
  const all = [...requests, ...requests.filter((_, i) => i % 5 === 0)];
  const answers = await Promise.all(all.map((body) => t.invite(callId, body)));
  expect(answers.map((a) => a.status).every((s) => s === 202)).toBe(true);
  await t.settle();
  const call = sim.calls.get(callId);
  const first = [...(call?.participants.values() ?? [])].find((p) => (p.identity.user as { id?: string } | undefined)?.id === `${prefix}-u0`);
  if (!call || !first) throw new Error('script did not run');
  call.mute(first.id, true);
  sim.deliver(call, [call.roster({ legacy: false })]);
  sim.leave(callId, first.id);
  sim.scenario.hold = false;
  const delivered = await sim.release(callId, release);
  // A roster from before someone joined and one from after they left look alike (Graph numbers
  // participants, not rosters), so shuffled delivery is settled by the newest roster arriving last,
  // as Graph's next roster notification would.
  await sim.post(call, [call.roster({ legacy: false })]);
  // Whatever could not be applied at once (lost ETag races) is applied by the replay timer.
  t.advance(15);
  await t.stack.host.runTimer('replayNotifications');
  return { callId, delivered };
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

describe('delivery order and concurrency', () => {
  it('50 parallel invites and 500+ duplicated, shuffled, concurrent notifications end where in-order delivery ends', async () => {
    const inOrder = await runScript('a', 50, { copies: 1, shuffle: false, concurrency: 1 });
    const expected = await finalState(inOrder.callId, 'a');
    expect(expected.invitations).toHaveLength(50);
    expect(expected.invitations.filter((i) => i.status === 'completed')).toHaveLength(48);
    expect(expected.former).toEqual([['u0', 'notInRoster']]);
    expect(expected.present).toHaveLength(48);

    const shuffled = await runScript('b', 50, { copies: 5, shuffle: true, concurrency: 16 });
    expect(shuffled.delivered.length).toBeGreaterThanOrEqual(500);
    expect(new Set(shuffled.delivered)).toEqual(new Set([202]));
    expect(await finalState(shuffled.callId, 'b')).toEqual(expected);
    const pending = (await t.getJson('/api/ops/notifications?state=all')).body as { entries: unknown[] };
    expect(pending.entries).toEqual([]);
    // Each distinct clientContext reached Graph once, repeats and concurrency notwithstanding.
    const sent = t.stack.simulator.sim.invites.filter((i) => i.callId === shuffled.callId && i.status === 200);
    expect(sent).toHaveLength(50);
    expect(new Set(sent.map((i) => i.clientContext)).size).toBe(50);
  }, 180_000);
});
