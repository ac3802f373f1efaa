import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { getServices } from '../../src/lib/app/services';
import { useTestStack, user } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(inner) });

const measure = async (action: () => Promise<unknown>) => {
  counter.reset();
  await action();
  counter.enabled = false;
  return { reads: counter.reads, writes: counter.writes, entities: counter.entitiesWritten };
};

describe('storage round trips per operation', () => {
  // The sweep's checks (one transaction in the index), record (unsent), claim (ETag-conditional:
  // this request sends it), then Graph's answer; each row write carries the call's version row, and
  // Graph's answer the timeline's "sent" event row (same transaction: no extra round trip).
  it('an invite: 4 writes (sweep checks, record, claim, Graph\'s answer), no read; the call\'s first invite also its retention check', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    t.stack.simulator.sim.scenario.hold = true;
    const callId = t.newCall();
    await t.invite(callId, { participants: [user('warm')] }); // the table exists, tokens cached
    expect(await measure(() => t.invite(callId, { participants: [user('rt')], clientContext: 'rt-1' }))).toEqual({ reads: 0, writes: 4, entities: 8 });
    // Another call's first invite: its retention check first (once per call), then the same 4.
    const other = t.newCall();
    expect(await measure(() => t.invite(other, { participants: [user('rt')], clientContext: 'rt-2' }))).toEqual({ reads: 0, writes: 5, entities: 9 });
  });

  it('an operation notification: 1 read and 1 write at first contact (and the subscription set, once per instance); later notifications of the call: 1 write, no read; the checks they close: one transaction for the moment', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.hold = true;
    const callId = t.newCall();
    await t.invite(callId, { participants: [user('op')], clientContext: 'op-1' });
    await t.invite(callId, { participants: [user('op-b')], clientContext: 'op-1b' });
    await t.settle();
    const call = sim.calls.get(callId);
    const held = sim.held.get(callId) ?? [];
    const [operation, second] = held.filter((i) => String(i.resourceUrl).includes('/operations/'));
    if (!call || !operation || !second) throw new Error('no operation notifications');
    // This instance has not seen the call: it reads it once. The call's retention check was written
    // by its first invite (the flag is on the version row), so not again. The invitation finishing
    // is an event, but no subscription wants it (the call has none in its partition; the every-call
    // set, read once and then checked at most every 10 s per instance, is empty): no outbox row and
    // no index row. One transaction: the invitation, the version, the timeline's events.
    expect(await measure(() => sim.post(call, [operation]))).toEqual({ reads: 2, writes: 1, entities: 3 });
    expect(await measure(() => sim.post(call, [second]))).toEqual({ reads: 0, writes: 1, entities: 3 });
    // The two invitations' sweep checks are deleted behind the changes (closeChecks.ts,
    // sweepWriteBehind.ts), together: one transaction, so no sweep visits them.
    expect(await measure(() => t.settle())).toEqual({ reads: 0, writes: 1, entities: 2 });
    expect((await (await getServices()).sweeps.due('inv', new Date('2999-01-01T00:00:00Z'))).filter((e) => e.callId === callId)).toEqual([]);
    // From then on it holds the call's current state: one conditional write per notification.
    const person = call.add({ user: { id: 'op-2' } });
    // Someone joining is an event (participant.joined) nobody listens to: still the one write.
    expect(await measure(() => sim.post(call, [call.roster({ legacy: false })]))).toMatchObject({ reads: 0, writes: 1 });
    call.mute(person.id, true);
    expect(await measure(() => sim.post(call, [call.roster({ legacy: false })]))).toEqual({ reads: 0, writes: 1, entities: 3 });
    // A duplicate changes nothing: one point read of the version proves the copy current.
    expect(await measure(() => sim.post(call, [call.roster({ legacy: false })]))).toEqual({ reads: 1, writes: 0, entities: 0 });
  });

  it('a full roster of 1,000 with 1 changed: 1 write of 1 row (and the version and its event row), no read; all changed: still 1 write', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.hold = false;
    const callId = t.newCall();
    await t.settle();
    const call = sim.calls.get(callId);
    if (!call) throw new Error('no call');
    const people = Array.from({ length: 999 }, (_, i) => call.add({ user: { id: `p${i}` } }));
    expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
    call.mute(people[500]?.id ?? '', true);
    const one = await measure(() => sim.post(call, [call.roster({ legacy: false })]));
    expect(one).toEqual({ reads: 0, writes: 1, entities: 3 });
    for (const p of people) call.mute(p.id, true);
    const all = await measure(() => sim.post(call, [call.roster({ legacy: false })]));
    expect(all.reads).toBe(0);
    expect(all.writes).toBe(1);
    // 64 roster buckets, the version, one event row holding 999 "muted" events.
    expect(all.entities).toBeLessThanOrEqual(66);
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect((roster.body.participants as { isMuted: boolean }[]).filter((p) => p.isMuted)).toHaveLength(999);
  });
});
