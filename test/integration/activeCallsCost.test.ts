import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { writeFinishedCalls } from '../../dev/finishedCalls';
import { getServices } from '../../src/lib/app/services';
import { activeCallsPartition } from '../../src/lib/storage/activeCalls';
import { partitionKeyOf } from '../../src/lib/storage/entities';
import { useTestStack } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(inner) });

const join = async (joinMeetingId: string) => {
  const r = await stack().api('/api/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ joinMeetingId }) });
  expect(r.status).toBe(202);
  return ((await r.json()) as { callId: string }).callId;
};

describe('listing the active calls costs the open calls, not the history', () => {
  it('after 1,000+ finished calls (20 joined and hung up through the API), the list reads the index and the open call only', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const finished: string[] = [];
    for (let i = 0; i < 20; i++) {
      const callId = await join(String(900000000000 + i));
      await t.settle();
      expect((await t.api(`/api/calls/${callId}`, { method: 'DELETE' })).status).toBe(200);
      finished.push(callId);
    }
    await t.settle();
    const services = await getServices();
    // Their terminated notifications took them off the index: nothing left to skip at read time.
    expect((await services.activeCalls.list()).map((r) => r.value.callId)).toEqual([]);
    finished.push(...(await writeFinishedCalls(services.storage, services.sweeps, 'history', 1000)));
    const open = await join('912345678901');
    await t.settle();

    counter.reset();
    const listed = await t.getJson('/api/calls?state=active');
    counter.enabled = false;
    expect((listed.body.value as { callId: string }[]).map((c) => c.callId)).toEqual([open]);
    expect(counter.scans).toBe(0);
    const partitions = [...counter.partitionsRead.keys()];
    expect(partitions.filter((p) => finished.map(partitionKeyOf).includes(p))).toEqual([]);
    expect(partitions.sort()).toEqual([activeCallsPartition, partitionKeyOf(open)].sort());
    expect(counter.entitiesRead).toBe(2);
  }, 120_000);
});
