import { odata, type TransactionAction } from '@azure/data-tables';
import {
  callFromEntity,
  callRowKey,
  callToEntity,
  invitationFromEntity,
  invitationPrefix,
  invitationToEntity,
  partitionKeyOf,
  prefixEnd,
  type TableEntity,
} from './entities';
import { inboxFromEntity, inboxPrefix, type InboxEntry } from './inbox';
import { outboxActions, outboxPrefix } from './outbox';
import { rosterBucketFromEntity, rosterBucketToEntity, rosterPrefix, touchedBuckets } from './rosterBuckets';
import type { Invitation } from '../domain/invitation';
import { isEmpty, type CallChanges, type CallRecord, type CallSnapshot, type RosterEntry } from '../domain/roster';
import { backoff, maxConflictRetries, type TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

export interface StoredCall {
  readonly snapshot: CallSnapshot;
  /** Acknowledged notifications for this call not applied yet, oldest first. */
  readonly inbox: readonly InboxEntry[];
  readonly etags: ReadonlyMap<string, string>;
}

/** What one read-modify-write of a call decides: rows to write, inbox rows it applied, a result. */
export interface CallModification<R> {
  readonly changes: CallChanges;
  readonly consumedInbox: readonly string[];
  readonly result: R;
}

/** A call's partition: read whole, changed by ETag-conditional transactions. */
export class CallStore {
  constructor(private readonly access: TableAccess) {}

  /** Reads everything stored about a call in one partition query. */
  async readCall(callId: string): Promise<StoredCall> {
    const etags = new Map<string, string>();
    let call: CallRecord | undefined;
    const invitations: Invitation[] = [];
    const roster: RosterEntry[] = [];
    const inbox: InboxEntry[] = [];
    await this.access.run(async () => {
      const pages = this.access.table.listEntities<Record<string, unknown>>({
        // Outbox rows wait for the delivery timer; nothing here needs them.
        queryOptions: { filter: odata`PartitionKey eq ${partitionKeyOf(callId)} and (RowKey lt ${outboxPrefix} or RowKey ge ${prefixEnd(outboxPrefix)})` },
      });
      for await (const e of pages) {
        const rowKey = String(e.rowKey);
        etags.set(rowKey, e.etag);
        if (rowKey === callRowKey) call = callFromEntity(e);
        else if (rowKey.startsWith(invitationPrefix)) invitations.push(invitationFromEntity(e));
        else if (rowKey.startsWith(rosterPrefix)) roster.push(...rosterBucketFromEntity(e));
        else if (rowKey.startsWith(inboxPrefix)) inbox.push(inboxFromEntity(e));
      }
    });
    return { snapshot: { callId, call, invitations, roster }, inbox, etags };
  }

  /**
   * Read-modify-write of a call: `decide` sees the stored state and says what to write, and which
   * inbox rows that applies (they are deleted in the same writes). Everything is conditional on the
   * ETags read; a conflict means a parallel writer won, so read again and decide again.
   */
  async modifyCall<R>(callId: string, decide: (stored: StoredCall) => CallModification<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.readCall(callId);
      const decision = decide(stored);
      if (isEmpty(decision.changes) && decision.consumedInbox.length === 0) return decision.result;
      try {
        await this.write(callId, decision, stored);
        return decision.result;
      } catch (error) {
        // 404: a parallel writer already applied (and deleted) an inbox row this one read.
        const lostRace = isConcurrencyConflict(error) || isNotFound(error);
        if (!lostRace || attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
      }
    }
  }

  /** modifyCall for changes that do not involve the inbox. */
  async updateCall(callId: string, change: (snapshot: CallSnapshot) => CallChanges): Promise<CallChanges> {
    return this.modifyCall(callId, (stored) => {
      const changes = change(stored.snapshot);
      return { changes, consumedInbox: [], result: changes };
    });
  }

  private async write(callId: string, decision: CallModification<unknown>, stored: StoredCall): Promise<void> {
    const { changes } = decision;
    const { etags } = stored;
    const buckets = touchedBuckets(stored.snapshot.roster, changes.roster);
    // Order matters when a change needs more than one transaction (over 100 rows) and a later one
    // loses a race: the retry re-reads and re-applies to what the earlier ones wrote. Invitations go
    // first (they are derived from the roster's state, not from its change, so re-applying still
    // finds them right), then the roster, and the call row last: a terminated call row makes later
    // notifications stop, so it must not land before the roster it closes.
    const entities: TableEntity[] = [
      ...changes.invitations.map(invitationToEntity),
      ...[...buckets].map(([rowKey, entries]) => rosterBucketToEntity(callId, rowKey, entries)),
      ...(changes.call ? [callToEntity(changes.call)] : []),
    ];
    const actions: TransactionAction[] = entities.map((entity) => {
      const etag = etags.get(entity.rowKey);
      return etag ? ['update', entity, 'Replace', { etag }] : ['create', entity];
    });
    // The change's events (the outbox), in the same transaction as the invitations they report
    // (the first one, when a change needs several; a retry re-writes the same ids).
    actions.splice(changes.invitations.length, 0, ...outboxActions(stored.snapshot, changes));
    // Inbox rows are deleted last, so a failure before then leaves them to be applied again.
    // (Deletes in a transaction are unconditional; a row already gone fails the batch with 404.)
    const partitionKey = partitionKeyOf(callId);
    for (const rowKey of decision.consumedInbox) actions.push(['delete', { partitionKey, rowKey }]);
    await this.access.submitInBatches(actions);
  }

  /** Calls that hold an open invitation whose deadline has passed (the timeout sweep's work list). */
  async callsWithExpiredInvitations(now: Date): Promise<string[]> {
    const callIds = new Set<string>();
    await this.access.run(async () => {
      const rows = this.access.table.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`RowKey ge ${invitationPrefix} and RowKey lt ${prefixEnd(invitationPrefix)} and open eq true and deadline le ${now}`,
          select: ['callId'],
        },
      });
      for await (const row of rows) callIds.add(String(row.callId));
    });
    return [...callIds];
  }
}
