import { odata, type TableClient } from '@azure/data-tables';
import type { SimulatedCall } from '../dev/simulator/simulatedCall';

type Entity = { partitionKey: string; rowKey: string; etag?: string } & Record<string, unknown>;

/** The baseline's data: each call's partition copied as it is stored (call row, roster buckets). */
export async function copyPartitions(table: TableClient, calls: readonly SimulatedCall[]): Promise<void> {
  for (const [i, call] of calls.entries()) {
    const partitionKey = encodeURIComponent(call.id);
    for await (const row of table.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      const { etag: _etag, timestamp: _timestamp, ...copy } = row;
      await table.upsertEntity({ ...copy, partitionKey: baselinePartition(i) }, 'Replace');
    }
  }
}

export const baselinePartition = (slot: number) => `baseline-${slot}`;

/**
 * What the callback does to storage for a mute, done directly: read the call's partition, change
 * the participant in their roster row, write that row back conditionally in a transaction.
 */
export async function baselineOperation(table: TableClient, partitionKey: string): Promise<void> {
  const rows: Entity[] = [];
  for await (const row of table.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) rows.push(row);
  const bucket = rows.find((r) => r.rowKey.startsWith('ros_') && String(r.entries0).includes('"user"'));
  if (!bucket?.etag) throw new Error(`no roster row in ${partitionKey}`);
  const entries = JSON.parse(String(bucket.entries0)) as { identity?: { kind?: string }; isMuted?: boolean }[];
  for (const e of entries) if (e.identity?.kind === 'user') e.isMuted = !e.isMuted;
  const { etag, timestamp: _timestamp, ...entity } = bucket;
  await table.submitTransaction([['update', { ...entity, entries0: JSON.stringify(entries) }, 'Replace', { etag }]]);
}
