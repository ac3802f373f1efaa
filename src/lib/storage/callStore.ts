import { odata } from '@azure/data-tables';
import { callFromEntity, callRowKey, invitationFromEntity, invitationPrefix, partitionKeyOf } from './entities';
import { inboxFromEntity, inboxPrefix, type InboxEntry } from './inbox';
import { committedRows, outboxChecks, outboxEnd, outboxPrefix, outboxRows, type CommittedRow } from './outbox';
import type { SubscriptionCache } from './subscriptionCache';
import { eventsOf } from '../domain/callEvent';
import { callHookPrefix, subscriptionOf } from './webhookEntities';
import type { Subscription } from '../domain/subscription';
import { rosterBucketFromEntity, rosterPrefix } from './rosterBuckets';
import type { Invitation } from '../domain/invitation';
import { isEmpty, type CallChanges, type CallRecord, type CallSnapshot, type RosterEntry } from '../domain/roster';
import type { CallCache } from './callCache';
import { callWriteActions } from './callWrite';
import { eventPrefix, eventsEnd, noEvents, timelineCountOf, type TimelineCount } from './timelineRows';
import { timelineEvents } from '../domain/timelineEvents';
import { afterWrite, versionOf, versionRowKey, type CallModification, type StoredCall } from './storedCall';
import type { SweepIndex } from './sweepIndex';
import { backoff, maxConflictRetries, type TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

export type { CallModification, StoredCall } from './storedCall';

/**
 * A call's partition: read whole, changed by transactions conditional on the ETags read. The last
 * state this instance wrote is kept (CallCache), so a call's notifications arriving one after
 * another cost one conditional write each; a copy that someone else made stale costs a retry.
 */
export class CallStore {
  constructor(
    private readonly access: TableAccess,
    private readonly cache: CallCache,
    private readonly sweeps: SweepIndex,
    private readonly now: () => Date,
    /** Who wants the events of every call (a call's own subscribers come with its read). */
    private readonly subscriptions: SubscriptionCache,
    /** Told of the outbox rows a write stored, once it is stored (immediate delivery). */
    private readonly committed: (rows: readonly CommittedRow[]) => void = () => {},
  ) {}

  /** Reads everything stored about a call in one partition query. */
  async readCall(callId: string): Promise<StoredCall> {
    const etags = new Map<string, string>();
    let call: CallRecord | undefined;
    const invitations: Invitation[] = [];
    const roster: RosterEntry[] = [];
    const inbox: InboxEntry[] = [];
    let retentionChecked = false;
    let timeline: TimelineCount = noEvents;
    const subscribers: Subscription[] = [];
    await this.access.run(async () => {
      const pages = this.access.table.listEntities<Record<string, unknown>>({
        // Everything but the outbox rows (they wait for the delivery timer) and the timeline's event
        // rows: no decision needs them. Two disjoint ranges: obx_ (outbox.ts) and evt_ (timelineRows.ts).
        queryOptions: {
          filter: odata`PartitionKey eq ${partitionKeyOf(callId)} and (RowKey lt ${eventPrefix} or RowKey ge ${eventsEnd}) and (RowKey lt ${outboxPrefix} or RowKey ge ${outboxEnd})`,
        },
      });
      for await (const e of pages) {
        const rowKey = String(e.rowKey);
        etags.set(rowKey, e.etag);
        if (rowKey === callRowKey) call = callFromEntity(e);
        else if (rowKey.startsWith(invitationPrefix)) invitations.push(invitationFromEntity(e));
        else if (rowKey.startsWith(rosterPrefix)) roster.push(...rosterBucketFromEntity(e));
        else if (rowKey.startsWith(inboxPrefix)) inbox.push(inboxFromEntity(e));
        else if (rowKey.startsWith(callHookPrefix)) subscribers.push(subscriptionOf(e));
        else if (rowKey === versionRowKey) {
          retentionChecked = e.retentionChecked === true;
          timeline = timelineCountOf(e);
        }
      }
    });
    return { snapshot: { callId, call, invitations, roster }, inbox, etags, retentionChecked, timeline, subscribers };
  }

  /**
   * Read-modify-write of a call: `decide` sees the stored state and says what to write, and which
   * inbox rows that applies (they are deleted in the same writes). Everything is conditional on the
   * version read (the ver row's ETag); a conflict means a parallel writer won, so read again and
   * decide again. With a trusted copy in the cache the read is skipped (`fresh` forces it).
   */
  async modifyCall<R>(callId: string, decide: (stored: StoredCall) => CallModification<R>, options: { readonly fresh?: boolean } = {}): Promise<R> {
    const cached = options.fresh ? undefined : this.cache.get(callId);
    let optimistic = cached?.trusted === true;
    for (let attempt = 0; ; attempt++) {
      const stored = optimistic && cached ? cached.stored : await this.readCall(callId);
      // Trusted next time: first contact, an optimistic success, or a read showing no one else wrote.
      const trusted = attempt === 0 && (cached === undefined || versionOf(stored) === versionOf(cached.stored));
      const decision = decide(stored);
      if (isEmpty(decision.changes) && decision.consumedInbox.length === 0) {
        // Nothing to write, but only a current copy proves it: a stale one may lack what changes it.
        if (optimistic && (await this.currentVersion(callId)) !== versionOf(stored)) {
          optimistic = false;
          continue;
        }
        this.cache.set(callId, { stored, trusted });
        return decision.result;
      }
      try {
        // The call's first write without the flag (an invite's write sets it too): its retention
        // check first, then the flag (in the write). Invitations' checks end at their outcome
        // (closeChecks.ts) without writing one.
        if (!stored.retentionChecked) await this.sweeps.ensurePurgeCheck(callId, this.now());
        // The change's webhook events that someone wants: their index rows first (sweepIndex.ts),
        // then the rows with the change. None at all when nobody listens.
        const events = eventsOf(stored.snapshot, decision.changes);
        const audience = events.length === 0 ? [] : [...(stored.subscribers ?? []), ...(await this.subscriptions.allCalls())];
        const outbox = outboxRows(callId, events, audience);
        const checks = outboxChecks(outbox, this.now());
        if (outbox.length > 0) await this.sweeps.schedule(checks);
        const written = await this.access.submitInBatches(callWriteActions(callId, decision, stored, outbox));
        this.cache.set(callId, { stored: afterWrite(stored, decision, written), trusted });
        if (outbox.length > 0) this.committed(committedRows(callId, outbox, checks));
        return decision.result;
      } catch (error) {
        // 404: a parallel writer already applied (and deleted) an inbox row this one read, or the call was purged.
        const lostRace = isConcurrencyConflict(error) || isNotFound(error);
        this.cache.forget(callId);
        if (!lostRace) throw error;
        if (optimistic) {
          optimistic = false; // the copy was stale: one more round trip, no back-off
          continue;
        }
        if (attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
      }
    }
  }

  /** modifyCall for changes that do not involve the inbox. */
  async updateCall(callId: string, change: (snapshot: CallSnapshot) => CallChanges): Promise<CallChanges> {
    return this.modifyCall(callId, (stored) => {
      const changes = change(stored.snapshot);
      return { changes, consumedInbox: [], events: timelineEvents(stored.snapshot, changes), result: changes };
    });
  }

  /** The ETag of the call's ver row now (one point read), undefined if it has none. */
  private async currentVersion(callId: string): Promise<string | undefined> {
    try {
      return (await this.access.run(() => this.access.table.getEntity(partitionKeyOf(callId), versionRowKey, { queryOptions: { select: ['RowKey'] } }))).etag;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
