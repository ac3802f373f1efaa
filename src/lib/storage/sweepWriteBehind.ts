import type { SweepEntry, SweepIndex } from './sweepIndex';
import { isNotFound } from './tableErrors';

/** How long bookkeeping waits for company before its shard's transaction is written. */
export const writeBehindMs = 1_000;
/** A transaction's limit: a shard with this many waiting is written at once. */
const flushAt = 100;

/** A check to close: the first of `keys` that exists is deleted (a check sits at one of them). */
export interface CheckClose {
  readonly keys: readonly SweepEntry[];
}

interface ShardWork {
  readonly upserts: Map<string, SweepEntry>;
  readonly closes: CheckClose[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * The sweeps' bookkeeping that may follow the change it belongs to by a moment: an invitation's
 * check closed at its outcome, a call's departures check. Collected per shard and written as one
 * transaction per shard `writeBehindMs` after the first (at once when a transaction's worth
 * waits), so the calls of a busy instance share a request and a call's several closes take one.
 * A row this instance wrote and whose due time has not come is not written again.
 *
 * Best effort, by design: what waits here is lost if the process dies. A close lost is a check the
 * deadline sweep visits as before it existed (and deletes); a departures check lost leaves those
 * departures to the call's next roster or its end (settleService.ts).
 */
export class SweepWriteBehind {
  private readonly shards = new Map<string, ShardWork>();
  private readonly running = new Set<Promise<void>>();
  /** Rows written and not yet due, by row key: due time (ms). */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly sweeps: SweepIndex,
    private readonly now: () => Date,
    private readonly onFailure: (error: unknown, shard: string) => void,
    private readonly delayMs = writeBehindMs,
  ) {}

  /** Writes `entry` soon, unless this instance wrote that row already and it is not due yet. */
  upsert(entry: SweepEntry): void {
    const known = this.written.get(entry.rowKey);
    if (known !== undefined && known > this.now().getTime()) return;
    this.work(entry.shard).upserts.set(entry.rowKey, entry);
    this.due(entry.shard);
  }

  /** Deletes the check soon, at the first of its keys that holds it. All keys share one call (one shard). */
  close(keys: readonly SweepEntry[]): void {
    const [first] = keys;
    if (!first) return;
    this.work(first.shard).closes.push({ keys });
    this.due(first.shard);
  }

  /** Writes everything waiting now (tests, and a host shutting down), then waits for it. */
  async flush(): Promise<void> {
    for (const shard of [...this.shards.keys()]) this.start(shard);
    await this.idle();
  }

  /** Resolves when every write started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private work(shard: string): ShardWork {
    let work = this.shards.get(shard);
    if (!work) {
      work = { upserts: new Map(), closes: [], timer: undefined };
      this.shards.set(shard, work);
    }
    return work;
  }

  private due(shard: string): void {
    const work = this.work(shard);
    if (work.upserts.size + work.closes.length >= flushAt) return this.start(shard);
    // unref: waiting bookkeeping never keeps a process alive that is otherwise done.
    work.timer ??= setTimeout(() => this.start(shard), this.delayMs).unref();
  }

  private start(shard: string): void {
    const work = this.shards.get(shard);
    if (!work) return;
    this.shards.delete(shard);
    if (work.timer) clearTimeout(work.timer);
    const task = this.write([...work.upserts.values()], work.closes).catch((error: unknown) => this.onFailure(error, shard));
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  private async write(upserts: readonly SweepEntry[], closes: readonly CheckClose[]): Promise<void> {
    // One operation per row in a transaction: a check closed twice is deleted once.
    const firstKeys = [...new Map(closes.flatMap((c) => c.keys.slice(0, 1)).map((k) => [k.rowKey, k])).values()];
    try {
      await this.sweeps.apply(upserts, firstKeys);
    } catch (error) {
      // A check was not at its first key (a sweep moved it, or it was closed already): one by one.
      if (!isNotFound(error)) throw error;
      await this.sweeps.schedule(upserts);
      for (const close of closes) await this.closeOne(close);
    }
    const now = this.now().getTime();
    for (const [key, due] of this.written) if (due <= now) this.written.delete(key);
    for (const entry of upserts) this.written.set(entry.rowKey, entry.due.getTime());
  }

  private async closeOne(close: CheckClose): Promise<void> {
    for (const key of close.keys) if (await this.sweeps.remove(key)) return;
  }
}
