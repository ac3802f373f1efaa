import { odata, type TransactionAction } from '@azure/data-tables';
import type { Subscription } from '../domain/subscription';
import { deliveryEntity, deliveryKey, deliveryOf, dlvPrefix, subPrefix, subscriptionEntity, subscriptionOf, webhookPartition, type Delivery } from './webhookEntities';
import { prefixEnd } from './entities';
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

  async createSubscription(sub: Subscription, secret: string): Promise<void> {
    await this.access.run(() => this.access.table.createEntity(subscriptionEntity(sub, secret)));
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

  async listSubscriptions(): Promise<Subscription[]> {
    return (await this.rows(subPrefix)).map(subscriptionOf);
  }

  /** Merges the subscription's state; a deleted one stays deleted (no upsert). */
  async saveSubscription(sub: Subscription): Promise<void> {
    try {
      await this.access.run(() => this.access.table.updateEntity(subscriptionEntity(sub), 'Merge'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.deleteRow(subPrefix + id);
  }

  /**
   * Records deliveries once each: the same event for the same subscription again is a no-op (a
   * fan-out repeated after a crash). Transactions of 100; one that meets a recorded row is redone row by row.
   */
  async addDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    const pending = deliveries.filter((d) => d.state === 'pending').map((d) => Date.parse(d.dueAt));
    if (pending.length > 0) await this.wakeAt(new Date(Math.min(...pending)));
    for (let i = 0; i < deliveries.length; i += 100) {
      const batch = deliveries.slice(i, i + 100);
      try {
        await this.access.run(() => this.access.table.submitTransaction(batch.map((d): TransactionAction => ['create', deliveryEntity(d)])));
      } catch (error) {
        if (!isConcurrencyConflict(error)) throw error;
        for (const d of batch) await this.addDelivery(d);
      }
    }
  }

  private async addDelivery(d: Delivery): Promise<void> {
    try {
      await this.access.run(() => this.access.table.createEntity(deliveryEntity(d)));
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
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
