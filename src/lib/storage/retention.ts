import { odata, type TransactionAction } from '@azure/data-tables';
import { partitionKeyOf } from './entities';
import type { SweepIndex } from './sweepIndex';
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
 * Only calls whose retention check is due are read (the "pur" index rows, written when a call is
 * first stored): each is read whole and deleted if idle, or its check moves to RETENTION_DAYS
 * after its newest row. The age is the service's own last-modified time (Timestamp), so every
 * kind of row counts whatever it stores. Nothing else in the table is read.
 */
export async function purgeIdleCalls(access: TableAccess, sweeps: SweepIndex, now: Date, cutoff: Date): Promise<PurgeReport> {
  let calls = 0;
  let rows = 0;
  const checked = new Set<string>();
  for (const entry of await sweeps.due('pur', now)) {
    if (checked.has(entry.callId)) {
      await sweeps.complete(entry);
      continue;
    }
    checked.add(entry.callId);
    const { deleted, newest } = await deleteIfIdle(access, partitionKeyOf(entry.callId), cutoff);
    if (deleted > 0) calls++;
    rows += deleted;
    // Kept (a newer row): check again RETENTION_DAYS after that row. Deleted or gone: done.
    await sweeps.complete(entry, newest && deleted === 0 ? [sweeps.purgeCheck(entry.callId, newest)] : []);
  }
  return { calls, rows };
}

/** Deletes a partition's rows if none changed since `cutoff`; says how many, or the newest change. */
async function deleteIfIdle(access: TableAccess, partitionKey: string, cutoff: Date): Promise<{ deleted: number; newest: Date | undefined }> {
  const rowKeys: string[] = [];
  let newest: Date | undefined;
  await access.run(async () => {
    const rows = access.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey', 'Timestamp'] },
    });
    for await (const row of rows) {
      rowKeys.push(String(row.rowKey));
      // A row without a readable Timestamp counts as new: never delete what cannot be dated.
      const at = typeof row.timestamp === 'string' ? new Date(row.timestamp) : cutoff;
      if (!newest || at > newest) newest = at;
    }
  });
  if (!newest || newest >= cutoff) return { deleted: 0, newest };
  // Deletes in a transaction are unconditional: a write racing this purge (for a call silent for
  // the whole retention period) may recreate some rows, which a later purge removes in turn.
  const actions: TransactionAction[] = rowKeys.map((rowKey) => ['delete', { partitionKey, rowKey }]);
  await access.submitInBatches(actions);
  return { deleted: rowKeys.length, newest: undefined };
}
