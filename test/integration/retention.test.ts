import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionKeyOf } from '../../src/lib/storage/entities';
import { purgeIdleCalls } from '../../src/lib/storage/retention';
import { sweepEntry } from '../../src/lib/storage/sweepIndex';
import { getServices, type Services } from '../../src/lib/app/services';
import { openTestStack, type TestStack } from '../support/testStack';

let t: TestStack;
let storage: Services['storage'];
let sweeps: Services['sweeps'];
beforeAll(async () => {
  t = await openTestStack();
  ({ storage, sweeps } = await getServices());
});
afterAll(async () => {
  await t?.close();
});

/** Rows of a call as the app writes them: its retention check first (due at once here), then the rows. */
async function writeRows(callId: string, count: number): Promise<void> {
  await sweeps.schedule([sweepEntry('pur', callId, '', new Date(0))]);
  const partitionKey = partitionKeyOf(callId);
  for (let i = 0; i < count; i += 100) {
    const rows = Array.from({ length: Math.min(100, count - i) }, (_, k) => ({ partitionKey, rowKey: `r${String(i + k).padStart(4, '0')}`, n: i + k }));
    await storage.run(() => storage.table.submitTransaction(rows.map((row) => ['create', row])));
  }
}

const rowCount = async (callId: string) => (await t.tableRows()).filter((r) => r.partitionKey === partitionKeyOf(callId)).length;

describe('purgeIdleCalls on Azurite', () => {
  it('deletes a partition of more rows than one transaction holds, keys with odd characters included', async () => {
    const idle = "idle/call#with'quotes' or PartitionKey ne ''";
    await writeRows(idle, 250);
    await pause(20);
    const cutoff = new Date();
    await pause(20);
    await writeRows('recent', 3);

    expect(await purgeIdleCalls(storage, sweeps, new Date(), cutoff)).toEqual({ calls: 1, rows: 250 });
    expect(await rowCount(idle)).toBe(0);
    expect(await rowCount('recent')).toBe(3);
    expect(await purgeIdleCalls(storage, sweeps, new Date(), cutoff)).toEqual({ calls: 0, rows: 0 });
  });
});
