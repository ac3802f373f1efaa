import { createHash } from 'node:crypto';
import { odata, type TransactionAction } from '@azure/data-tables';
import { fnv1a } from './fnv1a';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/*
 * The sweeps' work list: one row per piece of open work, in a few well-known partitions
 * ("!sweep-00".."!sweep-07"; "!" is always percent-encoded in a call's PartitionKey, so no call
 * can collide), keyed "<kind>:<due ISO time>:<digest>" so a sweep reads exactly the rows that are
 * due, whatever else the table holds (":" keeps them out of the call rows' "inv_"/"inb_" ranges).
 * Kinds:
 *   inv  an invitation to look at: send it if its request died first, finalize it after its deadline
 *   inb  acknowledged notifications of a call that are not applied yet
 *   pur  a call to check for retention (one row per call and due day)
 * A call's rows all go to one shard (by a hash of the call id), so a row and the one that replaces
 * it are written in one transaction. An index row is written BEFORE the row it points at (entity
 * group transactions never span partitions): a crash in between leaves an index row whose target
 * is missing or closed, which the sweep deletes. Writing a row twice is harmless (same key, or
 * two rows that both find the same target). A target without an index row cannot happen.
 */

export type SweepKind = 'inv' | 'inb' | 'pur';

export interface SweepEntry {
  readonly shard: string;
  readonly rowKey: string;
  readonly kind: SweepKind;
  readonly callId: string;
  /** clientContext (inv), inbox row key (inb), empty (pur). */
  readonly subject: string;
  readonly due: Date;
}

/** Each shard partition takes ~2,000 entities/s (Azure's target); 8 outrun Graph's invite limit. */
export const shardCount = 8;
const dayMs = 24 * 60 * 60 * 1000;

export const shardOf = (callId: string): string => `!sweep-${(fnv1a(callId) % shardCount).toString(16).padStart(2, '0')}`;

const digest = (callId: string, subject: string): string =>
  createHash('sha256').update(`${callId}\u0000${subject}`).digest('base64url').slice(0, 22);

export function sweepEntry(kind: SweepKind, callId: string, subject: string, due: Date): SweepEntry {
  return { shard: shardOf(callId), rowKey: `${kind}:${due.toISOString()}:${digest(callId, subject)}`, kind, callId, subject, due };
}

// `call`, not `callId`: these rows belong to the sweeps, not to the call's data.
const toEntity = (e: SweepEntry) => ({ partitionKey: e.shard, rowKey: e.rowKey, kind: e.kind, call: e.callId, subject: e.subject, due: e.due });

export class SweepIndex {
  constructor(
    private readonly access: TableAccess,
    private readonly retentionDays: number,
  ) {}

  /**
   * The call's retention check: the start of the UTC day of `from` + RETENTION_DAYS (at most a day
   * early: a check that finds the call still in use moves on). The same key for every write of the
   * same day, so a call written many times a day has one check.
   */
  purgeCheck(callId: string, from: Date): SweepEntry {
    const day = Math.floor((from.getTime() + this.retentionDays * dayMs) / dayMs);
    return sweepEntry('pur', callId, '', new Date(day * dayMs));
  }

  /** Writes index rows of one call (one shard) in one transaction; rewriting a row is harmless. */
  async schedule(entries: readonly SweepEntry[]): Promise<void> {
    const [first] = entries;
    if (!first) return;
    if (entries.length === 1) {
      await this.access.run(() => this.access.table.upsertEntity(toEntity(first), 'Replace'));
      return;
    }
    await this.access.submitInBatches(entries.map((e): TransactionAction => ['upsert', toEntity(e), 'Replace']));
  }

  /** Index rows of `kind` due at `now`, from every shard: only those rows are read. */
  async due(kind: SweepKind, now: Date): Promise<SweepEntry[]> {
    const shards = Array.from({ length: shardCount }, (_, i) => `!sweep-${i.toString(16).padStart(2, '0')}`);
    const found = await Promise.all(
      shards.map((shard) =>
        this.access.run(async () => {
          const entries: SweepEntry[] = [];
          const filter = odata`PartitionKey eq ${shard} and RowKey ge ${`${kind}:`} and RowKey lt ${`${kind}:${now.toISOString()}`}`;
          for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
            entries.push({ shard, rowKey: String(e.rowKey), kind, callId: String(e.call), subject: String(e.subject ?? ''), due: e.due instanceof Date ? e.due : new Date(String(e.due)) });
          }
          return entries;
        }),
      ),
    );
    return found.flat();
  }

  /**
   * Done with `entry`: deletes it and writes `next` (same call, so same shard) in one transaction.
   * An entry already gone (a duplicate sweep got there first) only leaves `next` to write.
   */
  async complete(entry: SweepEntry, next: readonly SweepEntry[] = []): Promise<void> {
    const following = next.filter((e) => e.rowKey !== entry.rowKey);
    if (following.length < next.length) return this.schedule(following); // rescheduled to itself: keep it
    if (following.length === 0) return this.remove(entry);
    const actions: TransactionAction[] = [['delete', { partitionKey: entry.shard, rowKey: entry.rowKey }], ...following.map((e): TransactionAction => ['upsert', toEntity(e), 'Replace'])];
    try {
      await this.access.submitInBatches(actions);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.schedule(following);
    }
  }

  private async remove(entry: SweepEntry): Promise<void> {
    try {
      await this.access.run(() => this.access.table.deleteEntity(entry.shard, entry.rowKey));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
