// Longer than 150 lines because the work list's key layout, its bounded and marker queries and its ordered writes are one contract.
import { createHash } from 'node:crypto';
import { odata, type TransactionAction } from '@azure/data-tables';
import { fnv1a } from './fnv1a';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/*
 * The sweeps' work list: one row per piece of open work, keyed "<kind>:<due ISO time>:<digest>"
 * in a few well-known partitions ("!sweep-00".."!sweep-07", by a hash of the call id; "!" is
 * always percent-encoded in a call's PartitionKey, so no call can collide), so a sweep reads
 * exactly the rows that are due, whatever else is stored. Kinds:
 *   inv  an invitation to look at: send it if its request died first, finalize it after its deadline
 *   inb  acknowledged notifications of a call that are not applied yet
 *   pur  a call to check for retention (one row per call and due day)
 *   evt  an outbox row of a call (webhook events) to fan out to the subscriptions (outbox.ts)
 *   cal  a call the bot placed or joined, due when it must be established (app/hangUpService.ts)
 *   dep  a call with departures known only from absence, to settle with Graph's participant list
 *        (app/settleService.ts; written after the change, one row per call and 10-second window)
 *   dlv  a webhook delivery pending until its due time: only wakes the timer (backgroundRun.ts)
 * inv, inb and evt rows live in a table of their own (TABLE_NAME + "sweeps") and are deleted when done,
 * so that table only ever holds open work: the sweeps read nothing else, even where a
 * query costs the whole table (Azurite scans a table for every query). pur rows, one per stored
 * call, live in the call table's sweep partitions and are read once a day.
 * An index row is written BEFORE the row it points at (a transaction never spans partitions, let
 * alone tables): a crash in between leaves an index row whose target is missing or closed, which
 * the sweep deletes. Writing a row twice is harmless (same key, or two rows that both find the
 * same target). A target without an index row cannot happen.
 */

export type SweepKind = 'inv' | 'inb' | 'pur' | 'evt' | 'cal' | 'dep' | 'dlv';

/** The kinds in the work table, each a key range of its own. */
const workKinds = ['cal', 'dep', 'dlv', 'evt', 'inb', 'inv'] as const;

export interface SweepEntry {
  readonly shard: string;
  readonly rowKey: string;
  readonly kind: SweepKind;
  readonly callId: string;
  /** clientContext (inv), inbox row key (inb), outbox row key (evt), empty (pur). */
  readonly subject: string;
  readonly due: Date;
}

/** Each shard partition takes ~2,000 entities/s (Azure's target); 8 outrun Graph's invite limit. */
export const shardCount = 8;
const dayMs = 24 * 60 * 60 * 1000;

/** The shards' partition keys, "!sweep-00".."!sweep-07". */
export const shards: readonly string[] = Array.from({ length: shardCount }, (_, i) => `!sweep-${i.toString(16).padStart(2, '0')}`);

export const shardOf = (callId: string): string => `!sweep-${(fnv1a(callId) % shardCount).toString(16).padStart(2, '0')}`;

const digest = (callId: string, subject: string): string =>
  createHash('sha256').update(`${callId}\u0000${subject}`).digest('base64url').slice(0, 22);

export function sweepEntry(kind: SweepKind, callId: string, subject: string, due: Date): SweepEntry {
  return { shard: shardOf(callId), rowKey: `${kind}:${due.toISOString()}:${digest(callId, subject)}`, kind, callId, subject, due };
}

// `call`, not `callId`: these rows belong to the sweeps, not to the call's data.
const toEntity = (e: SweepEntry) => ({ partitionKey: e.shard, rowKey: e.rowKey, kind: e.kind, call: e.callId, subject: e.subject, due: e.due });

export class SweepIndex {
  /** Retention checks this process wrote (row keys, oldest first): a day's check is written once. */
  private readonly purgeChecksWritten = new Set<string>();

  constructor(
    private readonly work: TableAccess,
    private readonly calls: TableAccess,
    private readonly retentionDays: number,
  ) {}

  /**
   * Writes the call's retention check for `from`'s day unless this process already did (a check is
   * only ever moved later or deleted with its call, so one written stays valid). Calls are many and
   * their checks daily: the memory is bounded, and forgetting costs one rewrite.
   */
  async ensurePurgeCheck(callId: string, from: Date): Promise<void> {
    const check = this.purgeCheck(callId, from);
    if (this.purgeChecksWritten.has(check.rowKey)) return;
    await this.schedule([check]);
    this.purgeChecksWritten.add(check.rowKey);
    for (const oldest of this.purgeChecksWritten) {
      if (this.purgeChecksWritten.size <= 10_000) break;
      this.purgeChecksWritten.delete(oldest);
    }
  }

  get retentionMs(): number {
    return this.retentionDays * dayMs;
  }

  private tableOf(kind: SweepKind): TableAccess {
    return kind === 'pur' ? this.calls : this.work;
  }

  /**
   * The call's retention check: the start of the UTC day of `from` + RETENTION_DAYS (at most a day
   * early: a check that finds the call still in use moves on). The same key for every write of the
   * same day, so a call written many times a day has one check.
   */
  purgeCheck(callId: string, from: Date): SweepEntry {
    const day = Math.floor((from.getTime() + this.retentionDays * dayMs) / dayMs);
    return sweepEntry('pur', callId, '', new Date(day * dayMs));
  }

  /** Writes index rows of one call and table (one shard) in one transaction; rewriting a row is harmless. */
  async schedule(entries: readonly SweepEntry[]): Promise<void> {
    const [first] = entries;
    if (!first) return;
    const access = this.tableOf(first.kind);
    if (entries.length === 1) {
      await access.run(() => access.table.upsertEntity(toEntity(first), 'Replace'));
      return;
    }
    await access.submitInBatches(entries.map((e): TransactionAction => ['upsert', toEntity(e), 'Replace']));
  }

  /**
   * Writes `upserts` and deletes `deletes` (rows of the work table, one shard) in one transaction:
   * a delete of a row that is not there fails it whole (404), and nothing is written.
   */
  async apply(upserts: readonly SweepEntry[], deletes: readonly SweepEntry[]): Promise<void> {
    const actions: TransactionAction[] = [
      ...upserts.map((e): TransactionAction => ['upsert', toEntity(e), 'Replace']),
      ...deletes.map((e): TransactionAction => ['delete', { partitionKey: e.shard, rowKey: e.rowKey }]),
    ];
    if (actions.length === 0) return;
    await this.work.submitInBatches(actions);
  }

  /** Index rows of `kind` due at `now`, from every shard: only those rows are read. */
  async due(kind: SweepKind, now: Date): Promise<SweepEntry[]> {
    return (await Promise.all(shards.map((shard) => this.dueIn(kind, shard, now)))).flat();
  }

  /** Index rows of `kind` due at `now` in one shard, oldest first, at most `limit` (one page). */
  async dueIn(kind: SweepKind, shard: string, now: Date, limit?: number): Promise<SweepEntry[]> {
    const access = this.tableOf(kind);
    return access.run(async () => {
      const entries: SweepEntry[] = [];
      const filter = odata`PartitionKey eq ${shard} and RowKey ge ${`${kind}:`} and RowKey lt ${`${kind}:${now.toISOString()}`}`;
      const rows = access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
      // A bounded read stops after its first page: the service returns them in key (due) order.
      const pages = limit === undefined ? rows.byPage() : rows.byPage({ maxPageSize: limit });
      for await (const page of pages) {
        for (const e of page) entries.push({ shard, rowKey: String(e.rowKey), kind, callId: String(e.call), subject: String(e.subject ?? ''), due: e.due instanceof Date ? e.due : new Date(String(e.due)) });
        if (limit !== undefined) break;
      }
      return entries;
    });
  }

  /**
   * Whether any open work falls due before `by` (one request, one row at most): the work table holds
   * only open work, so the idle timer's whole cost is this. Across partitions, a scan of that table.
   */
  async anyDue(by: Date, kinds: readonly SweepKind[] = workKinds): Promise<boolean> {
    const until = by.toISOString();
    const filter = kinds.map((kind) => `(RowKey ge '${kind}:' and RowKey lt '${kind}:${until}')`).join(' or ');
    return this.work.run(async () => {
      for await (const page of this.work.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } }).byPage({ maxPageSize: 1 })) {
        if (page.length > 0) return true;
        // An empty page that goes on (the service stopped at a scan boundary): count it as work.
        return page.continuationToken !== undefined;
      }
      return false;
    });
  }

  /**
   * Done with `entry`: writes `next` (same call, so same shard), then deletes `entry`; in one
   * transaction when they share a table. An entry already gone (a duplicate sweep got there
   * first) only leaves `next` to write.
   */
  async complete(entry: SweepEntry, next: readonly SweepEntry[] = []): Promise<void> {
    const following = next.filter((e) => e.rowKey !== entry.rowKey);
    if (following.length < next.length) return this.schedule(following); // rescheduled to itself: keep it
    if (following.some((e) => this.tableOf(e.kind) !== this.tableOf(entry.kind)) || following.length === 0) {
      await this.schedule(following);
      await this.remove(entry);
      return;
    }
    const actions: TransactionAction[] = [['delete', { partitionKey: entry.shard, rowKey: entry.rowKey }], ...following.map((e): TransactionAction => ['upsert', toEntity(e), 'Replace'])];
    try {
      await this.tableOf(entry.kind).submitInBatches(actions);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.schedule(following);
    }
  }

  /** Deletes `entry`; says whether it was there (false: never written, moved, or already done). */
  async remove(entry: SweepEntry): Promise<boolean> {
    const access = this.tableOf(entry.kind);
    try {
      await access.run(() => access.table.deleteEntity(entry.shard, entry.rowKey));
      return true;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      return false;
    }
  }
}
