import type { TransactionAction } from '@azure/data-tables';
import { callToEntity, invitationToEntity, partitionKeyOf, type TableEntity } from './entities';
import { outboxActions } from './outbox';
import { rosterBucketToEntity, touchedBuckets } from './rosterBuckets';
import { versionOf, versionRowKey, type CallModification, type StoredCall } from './storedCall';
import { changeEvents, timelineCountProperties, type TimelineCount } from './timelineRows';

/**
 * The ver row's write: conditional on the version the writer decided from, or a create for a new
 * call. A merge, so the timeline's count stays unless `timeline` gives the new one.
 */
export function versionAction(callId: string, version: string | undefined, retentionChecked = true, timeline?: TimelineCount): TransactionAction {
  const entity = { partitionKey: partitionKeyOf(callId), rowKey: versionRowKey, retentionChecked, ...(timeline ? timelineCountProperties(timeline) : {}) };
  return version ? ['update', entity, 'Merge', { etag: version }] : ['create', entity];
}

/**
 * The ver row's write for writers that did not read the call: unconditional, it only changes the
 * version (and keeps the flag, or sets it when the writer wrote the call's retention check).
 */
export function versionBump(callId: string, retentionChecked = false): TransactionAction {
  return ['upsert', { partitionKey: partitionKeyOf(callId), rowKey: versionRowKey, ...(retentionChecked ? { retentionChecked } : {}) }, 'Merge'];
}

/**
 * The operations that write `decision` over `stored`, in order. The ver row goes first, so that
 * when a change needs more than one transaction (over 100 rows) the first one already fails if
 * the decision was made from a stale state. Order matters when a later transaction loses a race:
 * the retry re-reads and re-applies to what the earlier ones wrote. Invitations go first (they are
 * derived from the roster's state, not from its change, so re-applying still finds them right),
 * then the roster, and the call row last: a terminated call row makes later notifications stop,
 * so it must not land before the roster it closes.
 */
export function callWriteActions(callId: string, decision: CallModification<unknown>, stored: StoredCall, outbox: readonly TableEntity[] = []): TransactionAction[] {
  const { changes } = decision;
  const buckets = touchedBuckets(stored.snapshot.roster, changes.roster);
  const entities: TableEntity[] = [
    ...changes.invitations.map(invitationToEntity),
    ...[...buckets].map(([rowKey, entries]) => rosterBucketToEntity(callId, rowKey, entries)),
    ...(changes.call ? [callToEntity(changes.call)] : []),
  ];
  // The change's timeline events: one row, next to the ver row that carries their count.
  const timeline = decision.events && decision.events.length > 0 ? changeEvents(callId, stored.timeline, decision.events) : undefined;
  const actions: TransactionAction[] = [
    versionAction(callId, versionOf(stored), true, timeline?.count),
    ...(timeline?.row ? [['create', timeline.row] as TransactionAction] : []),
    ...entities.map((entity): TransactionAction => {
      const etag = stored.etags.get(entity.rowKey);
      return etag ? ['update', entity, 'Replace', { etag }] : ['create', entity];
    }),
  ];
  // The change's events (the outbox), in the same transaction as the ver row and the invitations
  // they report (the first one, when a change needs several; a retry re-writes the same ids).
  // (After the ver row, the timeline's row if any, and the invitations.)
  actions.splice(1 + (timeline?.row ? 1 : 0) + changes.invitations.length, 0, ...outboxActions(outbox));
  // Inbox rows are deleted last, so a failure before then leaves them to be applied again.
  // (Deletes in a transaction are unconditional; a row already gone fails the batch with 404.)
  const partitionKey = partitionKeyOf(callId);
  for (const rowKey of decision.consumedInbox) actions.push(['delete', { partitionKey, rowKey }]);
  return actions;
}
