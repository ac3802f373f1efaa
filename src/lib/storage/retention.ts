import { odata, type TransactionAction } from '@azure/data-tables';
import type { TableAccess } from './tableAccess';

export interface PurgeReport {
  /** Calls whose every row was older than the cutoff, and were deleted. */
  readonly calls: number;
  readonly rows: number;
}

/**
 * Deletes every call whose partition has not changed since `cutoff`: no roster change, no call
 * state change, no invitation or notification for the whole retention period, so the call is
 * over and its status and roster are no longer asked for. Any newer row keeps the whole call.
 *
 * The age is the service's own last-modified time (Timestamp), so every kind of row counts
 * whatever it stores. Finding candidates scans the table once (a filter on Timestamp); each
 * candidate is then read whole and checked before its rows are deleted.
 */
export async function purgeIdleCalls(access: TableAccess, cutoff: Date): Promise<PurgeReport> {
  const candidates = new Set<string>();
  await access.run(async () => {
    const old = access.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`Timestamp lt ${cutoff}`, select: ['PartitionKey'] },
    });
    for await (const row of old) candidates.add(String(row.partitionKey));
  });
  let calls = 0;
  let rows = 0;
  for (const partitionKey of candidates) {
    // `!...` partitions are not calls (webhookStore.ts): subscriptions live until they expire.
    if (partitionKey.startsWith('!')) continue;
    const deleted = await deleteIfIdle(access, partitionKey, cutoff);
    if (deleted > 0) calls++;
    rows += deleted;
  }
  return { calls, rows };
}

/** Deletes a partition's rows if none changed since `cutoff`; returns how many were deleted. */
async function deleteIfIdle(access: TableAccess, partitionKey: string, cutoff: Date): Promise<number> {
  const rowKeys: string[] = [];
  let idle = true;
  await access.run(async () => {
    const rows = access.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey', 'Timestamp'] },
    });
    for await (const row of rows) {
      rowKeys.push(String(row.rowKey));
      if (!(typeof row.timestamp === 'string' && new Date(row.timestamp) < cutoff)) idle = false;
    }
  });
  if (!idle) return 0;
  // Deletes in a transaction are unconditional: a write racing this purge (for a call silent for
  // the whole retention period) may recreate some rows, which a later purge removes in turn.
  const actions: TransactionAction[] = rowKeys.map((rowKey) => ['delete', { partitionKey, rowKey }]);
  await access.submitInBatches(actions);
  return rowKeys.length;
}
