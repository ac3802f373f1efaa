import type { SweepKind } from './sweepIndex';
import type { TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/** A runner's hold on one sweep shard: while it lasts, no other runner works that shard. */
export interface ShardLease {
  readonly shard: string;
  readonly rowKey: string;
  readonly etag: string;
}

/*
 * One lease row per shard and sweep kind ("lease-inv", "lease-inb"), in the shard's partition of
 * the call table ("!sweep-00".."!sweep-07", beside the retention checks; "lease-" sorts apart from
 * every "pur:" key, so no sweep reads it). Taking it is a conditional write: an insert when free, a
 * replace on the ETag read when the holder's time ran out; of two runners only one write succeeds.
 * Letting go deletes it (on its ETag), so the next taker pays one insert. A runner that dies holds
 * it until `until`.
 */
export class ShardLeases {
  constructor(
    private readonly access: TableAccess,
    private readonly owner: string,
  ) {}

  /** Takes `shard` until `until`, unless another runner holds it now; undefined then. */
  async acquire(shard: string, kind: SweepKind, now: Date, until: Date): Promise<ShardLease | undefined> {
    const rowKey = `lease-${kind}`;
    const entity = { partitionKey: shard, rowKey, owner: this.owner, until: until.toISOString() };
    const { table } = this.access;
    try {
      const created = await this.access.run(() => table.createEntity(entity));
      return { shard, rowKey, etag: created.etag ?? '' };
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
    }
    try {
      const held = await this.access.run(() => table.getEntity<{ until?: string }>(shard, rowKey));
      if (Date.parse(held.until ?? '') > now.getTime()) return undefined;
      const taken = await this.access.run(() => table.updateEntity(entity, 'Replace', { etag: held.etag }));
      return { shard, rowKey, etag: taken.etag ?? '' };
    } catch (error) {
      // Let go or taken by another runner between our requests: that runner has it.
      if (isConcurrencyConflict(error) || isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Lets go of a lease still ours; one taken over after it ran out is left to its new holder. */
  async release(lease: ShardLease): Promise<void> {
    try {
      await this.access.run(() => this.access.table.deleteEntity(lease.shard, lease.rowKey, { etag: lease.etag }));
    } catch (error) {
      if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
    }
  }
}
