import { decodeKey } from './keys';
import { invitationPrefix, prefixEnd } from './entities';
import { inboxPrefix } from './inbox';
import { sweepEntry, type SweepIndex } from './sweepIndex';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/** Where the one-time backfill leaves its mark (a sweep partition: no call can have it). */
const marker = { partitionKey: '!sweep-meta', rowKey: 'backfilled-v1' };

/**
 * Calls stored before the sweep index existed have no index rows: once per table (a marker row
 * says it was done), scan it the old way and write the checks their open work needs, all due now:
 * every open or never-sent invitation, every pending inbox row, and a retention check per call.
 * One full pass, once; the marker is written last, so a pass cut short runs again (checks are
 * idempotent). Every process reads the marker once.
 */
async function backfill(calls: TableAccess, sweeps: SweepIndex, now: Date): Promise<boolean> {
  try {
    await calls.run(() => calls.table.getEntity(marker.partitionKey, marker.rowKey));
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const partitions = new Set<string>();
  await calls.run(async () => {
    const rows = calls.table.listEntities<Record<string, unknown>>({ queryOptions: { select: ['PartitionKey', 'RowKey', 'clientContext', 'open', 'sendState', 'dead'] } });
    for await (const row of rows) {
      const partitionKey = String(row.partitionKey);
      const rowKey = String(row.rowKey);
      if (partitionKey.startsWith('!')) continue;
      const callId = decodeKey(partitionKey);
      partitions.add(callId);
      const isInvitation = rowKey >= invitationPrefix && rowKey < prefixEnd(invitationPrefix);
      if (isInvitation && (row.open === true || row.sendState === 'unsent')) await sweeps.schedule([sweepEntry('inv', callId, String(row.clientContext), now)]);
      if (rowKey.startsWith(inboxPrefix) && row.dead !== true) await sweeps.schedule([sweepEntry('inb', callId, rowKey, now)]);
    }
  });
  for (const callId of partitions) await sweeps.schedule([sweeps.purgeCheck(callId, new Date(now.getTime() - sweeps.retentionMs))]);
  await calls.run(() => calls.table.upsertEntity({ ...marker, at: now }, 'Replace'));
  return true;
}

const done = new WeakMap<SweepIndex, Promise<boolean>>();

/** The backfill, at most once per process (a failure is tried again on the next sweep). Returns whether this call ran it. */
export async function backfillSweepIndex(calls: TableAccess, sweeps: SweepIndex, now: Date): Promise<boolean> {
  const running = done.get(sweeps);
  if (running) return running.then(() => false);
  const started = backfill(calls, sweeps, now);
  done.set(sweeps, started);
  try {
    return await started;
  } catch (error) {
    done.delete(sweeps);
    throw error;
  }
}
