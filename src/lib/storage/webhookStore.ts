// Longer than 150 lines because subscriptions, their index rows and their deliveries (created once, claimed, woken for) share one partition and one set of write-order rules.
import { odata, type TransactionAction } from '@azure/data-tables';
import type { Subscription } from '../domain/subscription';
import { allCallsPrefix, allCallsVersionKey, callHookPrefix, deliveryEntity, deliveryKey, deliveryOf, dlvPrefix, subPrefix, subscriptionCopy, subscriptionEntity, subscriptionOf, webhookPartition, type Delivery } from './webhookEntities';
import { partitionKeyOf, prefixEnd } from './entities';
import { versionBump } from './callWrite';
import type { TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/*
 * Subscriptions and their deliveries, in one partition of their own: `!` is escaped in every
 * call id (keys.ts), so no call's partition is ever called this; the retention purge never reads it
 * (only calls with a retention check are, sweepIndex.ts).
 * Rows: `sub_<id>` (the subscription and its signing secret), `dlv_<subscription>_<event>` (one
 * event to deliver to one subscription: pending with its next attempt, or dead).
 */
export { webhookPartition, type Delivery } from './webhookEntities';

export class WebhookStore {
  constructor(
    private readonly access: TableAccess,
    /**
     * Wakes the sweeps' timer at `due` (a "dlv" check in the work table, written before the pending
     * delivery, as every index row is): an idle app reads only that table (backgroundRun.ts).
     */
    readonly wakeAt: (due: Date) => Promise<void> = () => Promise.resolve(),
  ) {}

  private async rows(prefix: string, extra = ''): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    const filter = odata`PartitionKey eq ${webhookPartition} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}` + extra;
    await this.access.run(async () => {
      for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.push(e);
    });
    return found;
  }

  /**
   * Stores a subscription with its index row (webhookEntities.ts). One call's: the row in the call's
   * partition first (with the call's version, so every copy of the call goes stale), then the
   * subscription; a crash in between leaves an index row without a subscription, which only costs
   * deliveries that are dropped. Every call's: one transaction with the set's version row.
   */
  async createSubscription(sub: Subscription, secret: string): Promise<void> {
    if (sub.callId !== undefined) {
      const partitionKey = partitionKeyOf(sub.callId);
      await this.access.submitInBatches([['upsert', subscriptionCopy(sub, partitionKey, callHookPrefix + sub.id), 'Replace'], versionBump(sub.callId)]);
      await this.access.run(() => this.access.table.createEntity(subscriptionEntity(sub, secret)));
      return;
    }
    await this.access.submitInBatches([
      ['create', subscriptionEntity(sub, secret)],
      ['create', subscriptionCopy(sub, webhookPartition, allCallsPrefix + sub.id)],
      ['upsert', { partitionKey: webhookPartition, rowKey: allCallsVersionKey }, 'Replace'],
    ]);
  }

  /** The subscription and its secret, or undefined. */
  async getSubscription(id: string): Promise<{ subscription: Subscription; secret: string } | undefined> {
    try {
      const e = await this.access.run(() => this.access.table.getEntity<Record<string, unknown>>(webhookPartition, subPrefix + id));
      return { subscription: subscriptionOf(e), secret: String(e.secret) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Merges the subscription's state; a deleted one stays deleted (no upsert). */
  async saveSubscription(sub: Subscription): Promise<void> {
    try {
      await this.access.run(() => this.access.table.updateEntity(subscriptionEntity(sub), 'Merge'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Its index row first (so a repeat after a crash still finds the subscription and finishes), then it. */
  async deleteSubscription(sub: Pick<Subscription, 'id' | 'callId'>): Promise<void> {
    if (sub.callId !== undefined) {
      const partitionKey = partitionKeyOf(sub.callId);
      await this.forgetRow(partitionKey, callHookPrefix + sub.id, versionBump(sub.callId));
    } else {
      await this.forgetRow(webhookPartition, allCallsPrefix + sub.id, ['upsert', { partitionKey: webhookPartition, rowKey: allCallsVersionKey }, 'Replace']);
    }
    await this.deleteRow(subPrefix + sub.id);
  }

  /** Deletes an index row with its version's change; one already gone (404 fails the batch) needs no change. */
  private async forgetRow(partitionKey: string, rowKey: string, version: TransactionAction): Promise<void> {
    try {
      await this.access.submitInBatches([['delete', { partitionKey, rowKey }], version]);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Records deliveries once each: the same event for the same subscription again is a no-op (a
   * fan-out repeated after a crash, or by two instances). Transactions of 100; one that meets a
   * recorded row is redone row by row. Returns the ones this call created (with their ETags): only
   * those are this caller's to attempt before their `dueAt`.
   */
  async addDeliveries(deliveries: readonly Delivery[]): Promise<Delivery[]> {
    const pending = deliveries.filter((d) => d.state === 'pending').map((d) => Date.parse(d.dueAt));
    if (pending.length > 0) await this.wakeAt(new Date(Math.min(...pending)));
    const created: Delivery[] = [];
    for (let i = 0; i < deliveries.length; i += 100) {
      const batch = deliveries.slice(i, i + 100);
      try {
        const response = await this.access.run(() => this.access.table.submitTransaction(batch.map((d): TransactionAction => ['create', deliveryEntity(d)])));
        batch.forEach((d, n) => created.push({ ...d, etag: response.subResponses[n]?.etag }));
      } catch (error) {
        if (!isConcurrencyConflict(error)) throw error;
        for (const d of batch) {
          const etag = await this.addDelivery(d);
          if (etag !== undefined) created.push({ ...d, etag });
        }
      }
    }
    return created;
  }

  private async addDelivery(d: Delivery): Promise<string | undefined> {
    try {
      return (await this.access.run(() => this.access.table.createEntity(deliveryEntity(d)))).etag ?? '';
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
      return undefined;
    }
  }

  /**
   * Claims a delivery read at its ETag until `until` (its `dueAt` moves there, so no other run sees
   * it due meanwhile): the claimed delivery, or undefined when another instance claimed, attempted
   * or removed it first. A claimer that dies leaves it due again at `until`.
   */
  async claim(d: Delivery, until: Date): Promise<Delivery | undefined> {
    if (d.etag === undefined) return undefined;
    const next = { ...d, dueAt: until.toISOString() };
    try {
      const { etag } = await this.access.run(() => this.access.table.updateEntity({ partitionKey: webhookPartition, rowKey: deliveryKey(d), dueAt: next.dueAt }, 'Merge', { etag: d.etag }));
      return { ...next, etag };
    } catch (error) {
      if (isConcurrencyConflict(error) || isNotFound(error)) return undefined;
      throw error;
    }
  }

  async saveDelivery(d: Delivery): Promise<void> {
    if (d.state === 'pending') await this.wakeAt(new Date(d.dueAt));
    try {
      await this.access.run(() => this.access.table.updateEntity(deliveryEntity(d), 'Replace'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async deleteDelivery(d: Pick<Delivery, 'subscriptionId' | 'eventId'>): Promise<void> {
    await this.deleteRow(deliveryKey(d));
  }

  /** Pending deliveries due by `now`, oldest due first, at most `limit`; or every delivery in a state. */
  async deliveries(options: { readonly dueBy?: Date; readonly state?: Delivery['state']; readonly limit?: number }): Promise<Delivery[]> {
    const state = options.state ?? 'pending';
    const due = options.dueBy ? odata` and dueAt le ${options.dueBy.toISOString()}` : '';
    const found = (await this.rows(dlvPrefix, odata` and state eq ${state}` + due)).map(deliveryOf);
    return found.sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, options.limit ?? found.length);
  }

  private async deleteRow(rowKey: string): Promise<void> {
    try {
      await this.access.run(() => this.access.table.deleteEntity(webhookPartition, rowKey));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
