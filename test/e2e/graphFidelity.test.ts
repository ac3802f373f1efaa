import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedCall } from '../../dev/simulator/simulatedCall';
import { useTestStack, user, type TestStack } from '../support/testStack';

/*
 * Graph as it behaves in the field (FACTS §12, issue #10): per-participant sequence numbers,
 * departures as plain absences, ~2 KB participant entries, lobby, several devices per user.
 */
const stack = useTestStack();
let t: TestStack;
beforeEach(() => {
  t = stack();
});

interface RosterView {
  participants: { participantId: string; identity: { id: string }; present: boolean; invitation: { clientContext: string } | null }[];
  formerParticipants: { participantId: string; identity: { id: string }; present: boolean; leftAt: string | null; removalReason: string | null }[];
}
interface InvitationView {
  status: string;
  invitees: { identity: { id: string }; state: string; participantId: string | null }[];
}

const roster = async (callId: string) => (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as RosterView;
const invitation = async (callId: string, context: string) => (await t.getJson(`/api/calls/${callId}/invitations/${encodeURIComponent(context)}`)).body as unknown as InvitationView;
const simCall = (callId: string): SimulatedCall => {
  const call = t.stack.simulator.sim.calls.get(callId);
  if (!call) throw new Error('no such simulated call');
  return call;
};
const participantOf = (call: SimulatedCall, id: string) => [...call.participants.values()].filter((p) => JSON.stringify(p.identity).includes(`"${id}"`));

async function invited(callId: string, context: string, ...ids: string[]): Promise<void> {
  expect((await t.invite(callId, { participants: ids.map((id) => user(id)), clientContext: context })).status).toBe(202);
  await t.settle();
}

describe('departures as Graph reports them', () => {
  it('someone who leaves while nobody else changes is gone: absent from the next full roster', async () => {
    const callId = t.newCall();
    await invited(callId, 'bob-1', 'bob');
    await invited(callId, 'ada-1', 'ada');
    const ada = participantOf(simCall(callId), 'ada')[0];
    // Ada joined after Bob, so the roster without her tops out below her own number.
    t.stack.simulator.sim.leave(callId, ada?.id ?? '');
    await t.settle();
    const after = await roster(callId);
    expect(after.participants.map((p) => p.identity.id).sort()).toEqual(['bob', t.stack.settings.BOT_APP_ID].sort());
    expect(after.formerParticipants).toMatchObject([{ identity: { id: 'ada' }, present: false, removalReason: 'notInRoster' }]);
    expect((await invitation(callId, 'ada-1')).invitees[0]?.state).toBe('left');
  });

  it('a meeting that ends with only the bot on an updated roster (no call deleted) closes the roster', async () => {
    const callId = t.newCall();
    await invited(callId, 'pair', 'ada', 'bob');
    const call = simCall(callId);
    for (const p of [...call.participants.values()].filter((x) => x.identity.user)) call.leave(p.id);
    t.stack.simulator.sim.deliver(call, [call.roster({ legacy: false })]);
    await t.settle();
    const after = await roster(callId);
    expect(after.participants.map((p) => p.identity.id)).toEqual([t.stack.settings.BOT_APP_ID]);
    expect((await invitation(callId, 'pair')).invitees.map((i) => i.state)).toEqual(['left', 'left']);
  });

  it('deleted items on /participants/{id} (second mode) and removedState (third) end the same way', async () => {
    for (const departures of ['deleted', 'removedState'] as const) {
      t.stack.simulator.sim.scenario.departures = departures;
      const callId = t.newCall();
      await invited(callId, `ada-${departures}`, 'ada');
      t.stack.simulator.sim.leave(callId, participantOf(simCall(callId), 'ada')[0]?.id ?? '');
      await t.settle();
      expect((await roster(callId)).formerParticipants.map((p) => p.identity.id)).toEqual(['ada']);
    }
  });
});

describe('large meetings', () => {
  it('a full roster of 1,000 participants at ~2 KB each (about 2 MB) is accepted and stored', async () => {
    const callId = t.newCall();
    await t.settle();
    const call = simCall(callId);
    for (let i = 0; i < 1000; i++) call.add({ user: { id: `p${i}`, displayName: `Person ${i}`, tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' } });
    const item = call.roster({ legacy: false });
    expect(JSON.stringify(item).length).toBeGreaterThan(1.5 * 1024 * 1024);
    expect(await t.stack.simulator.sim.post(call, [item])).toBe(202);
    expect((await roster(callId)).participants).toHaveLength(1001);
  });

  it('a body over 16 MiB is refused with 413 and changes nothing', async () => {
    const callId = t.newCall();
    await t.settle();
    const call = simCall(callId);
    const before = await roster(callId);
    call.add({ user: { id: 'too-big', displayName: 'x'.repeat(17 * 1024 * 1024) } });
    expect(await t.stack.simulator.sim.post(call, [call.roster({ legacy: false, minimal: true })])).toBe(413);
    expect(await roster(callId)).toEqual(before);
  });
});

describe('what an invitation says happened', () => {
  it('a completed operation with two invitees joins only the one the roster shows', async () => {
    t.stack.simulator.sim.scenario.behaviourFor = { ada: 'answer', bob: 'silent' };
    const callId = t.newCall();
    await invited(callId, 'two', 'ada', 'bob');
    const inv = await invitation(callId, 'two');
    expect(inv.status).toBe('completed');
    expect(inv.invitees.map((i) => [i.identity.id, i.state])).toEqual([['ada', 'joined'], ['bob', 'invited']]);
  });

  it('a declined invitee who joins later by link stays failed, and the roster does not link them to it', async () => {
    t.stack.simulator.sim.scenario.behaviour = 'decline';
    const callId = t.newCall();
    await invited(callId, 'declined', 'carol');
    const call = simCall(callId);
    call.add({ user: { id: 'carol', displayName: 'User' } });
    t.stack.simulator.sim.deliver(call, [call.roster({ legacy: false })]);
    await t.settle();
    const inv = await invitation(callId, 'declined');
    expect(inv.status).toBe('failed');
    expect(inv.invitees[0]?.state).toBe('failed');
    expect((await roster(callId)).participants.find((p) => p.identity.id === 'carol')?.invitation).toBeNull();
  });

  it('an invitee waiting in the lobby is inLobby, joined once admitted', async () => {
    t.stack.simulator.sim.scenario.lobby = true;
    const callId = t.newCall();
    await invited(callId, 'lobby', 'dan');
    expect((await invitation(callId, 'lobby')).invitees[0]?.state).toBe('inLobby');
    const call = simCall(callId);
    call.admit(participantOf(call, 'dan')[0]?.id ?? '');
    t.stack.simulator.sim.deliver(call, [call.roster({ legacy: false })]);
    await t.settle();
    expect((await invitation(callId, 'lobby')).invitees[0]?.state).toBe('joined');
  });

  it('a user on two devices stays joined when one device leaves, and leaves with the last', async () => {
    const callId = t.newCall();
    await invited(callId, 'devices', 'eve');
    const call = simCall(callId);
    const [phone] = participantOf(call, 'eve');
    const laptop = call.add(phone?.identity ?? {});
    t.stack.simulator.sim.deliver(call, [call.roster({ legacy: false })]);
    t.stack.simulator.sim.leave(callId, phone?.id ?? '');
    await t.settle();
    expect((await invitation(callId, 'devices')).invitees[0]).toMatchObject({ state: 'joined', participantId: laptop.id });
    t.stack.simulator.sim.leave(callId, laptop.id);
    await t.settle();
    expect((await invitation(callId, 'devices')).invitees[0]?.state).toBe('left');
  });
});
