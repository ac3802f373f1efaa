import { odata } from '@azure/data-tables';
import type { Subscription } from '../domain/subscription';
import { partitionKeyOf, prefixEnd } from './entities';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';
import { allCallsEnd, allCallsPrefix, allCallsVersionKey, callHookPrefix, subscriptionOf, webhookPartition } from './webhookEntities';

/** How long an instance trusts its copy of the every-call subscriptions before checking their version row. */
export const allCallsRefreshMs = 10_000;

/**
 * Who may want a call's events, read cheaply (docs/architecture.md "Subscriptions by call"). One call's subscriptions
 * come with the call's own read (their rows are in its partition, see webhookEntities.ts); the
 * subscriptions for every call are few and change rarely, so each instance keeps them, and checks
 * the set's version row (one point read) at most every `allCallsRefreshMs` when it needs them,
 * reading the set again (one range) only when the version moved. So an event's audience costs no
 * request most of the time, whatever the number of subscriptions to other calls.
 */
export class SubscriptionCache {
  private copy: { version: string; subscriptions: readonly Subscription[]; checkedAt: number } | undefined;

  constructor(
    private readonly access: TableAccess,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The subscriptions for every call, as of at most `allCallsRefreshMs` ago (at once after this instance changed them). */
  async allCalls(): Promise<readonly Subscription[]> {
    const now = this.clock();
    if (this.copy && now - this.copy.checkedAt < allCallsRefreshMs) return this.copy.subscriptions;
    if (this.copy && (await this.version()) === this.copy.version) {
      this.copy = { ...this.copy, checkedAt: now };
      return this.copy.subscriptions;
    }
    const subscriptions: Subscription[] = [];
    let version = '';
    await this.access.run(async () => {
      const filter = odata`PartitionKey eq ${webhookPartition} and RowKey ge ${allCallsVersionKey} and RowKey lt ${allCallsEnd}`;
      for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        if (e.rowKey === allCallsVersionKey) version = e.etag;
        else if (String(e.rowKey).startsWith(allCallsPrefix)) subscriptions.push(subscriptionOf(e));
      }
    });
    this.copy = { version, subscriptions, checkedAt: now };
    return subscriptions;
  }

  /** This instance changed the set: read it again on next use. */
  invalidate(): void {
    this.copy = undefined;
  }

  /** One call's subscriptions, for writers that do not read the call (the invite path): one range of its partition. */
  async forCall(callId: string): Promise<Subscription[]> {
    const found: Subscription[] = [];
    await this.access.run(async () => {
      const filter = odata`PartitionKey eq ${partitionKeyOf(callId)} and RowKey ge ${callHookPrefix} and RowKey lt ${prefixEnd(callHookPrefix)}`;
      for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) found.push(subscriptionOf(e));
    });
    return found;
  }

  private async version(): Promise<string> {
    try {
      return (await this.access.run(() => this.access.table.getEntity(webhookPartition, allCallsVersionKey, { queryOptions: { select: ['RowKey'] } }))).etag;
    } catch (error) {
      if (isNotFound(error)) return '';
      throw error;
    }
  }
}
