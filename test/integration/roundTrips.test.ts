import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
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
  // Record (unsent), claim (ETag-conditional: this request sends it), then Graph's answer.
  it('an invite: 3 writes (record, claim, Graph\'s answer), no read', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    t.stack.simulator.sim.scenario.hold = true;
    const callId = t.newCall();
    await t.invite(callId, { participants: [user('warm')] }); // the table exists, tokens cached
    expect(await measure(() => t.invite(callId, { participants: [user('rt')], clientContext: 'rt-1' }))).toEqual({ reads: 0, writes: 3, entities: 3 });
  });

  // The invitation finishing and its invitation.finished event (the outbox row): one transaction.
  it('an operation notification: 1 read and 1 write (the invitation and its event)', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.hold = true;
    const callId = t.newCall();
    await t.invite(callId, { participants: [user('op')], clientContext: 'op-1' });
    await t.settle();
    const call = sim.calls.get(callId);
    const operation = (sim.held.get(callId) ?? []).find((i) => String(i.resourceUrl).includes('/operations/'));
    if (!call || !operation) throw new Error('no operation notification');
    expect(await measure(() => sim.post(call, [operation]))).toEqual({ reads: 1, writes: 1, entities: 2 });
  });

  it('a full roster of 1,000 with 1 changed: 1 read, 1 write of 1 row; all changed: still 1 write', async () => {
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
    expect(one).toEqual({ reads: 1, writes: 1, entities: 1 });
    for (const p of people) call.mute(p.id, true);
    const all = await measure(() => sim.post(call, [call.roster({ legacy: false })]));
    expect(all.reads).toBe(1);
    expect(all.writes).toBe(1);
    expect(all.entities).toBeLessThanOrEqual(64);
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect((roster.body.participants as { isMuted: boolean }[]).filter((p) => p.isMuted)).toHaveLength(999);
  });
});
