import { withChanges } from '../domain/foldNotifications';
import type { CallChanges, CallSnapshot } from '../domain/roster';
import type { TimelineEvent } from '../domain/timeline';
import { changeEvents, eventPrefix, type TimelineCount } from './timelineRows';
import type { InboxEntry } from './inbox';
import type { Subscription } from '../domain/subscription';
import { outboxPrefix } from './outbox';

/*
 * What one instance knows about a call's partition, and the version row that makes that knowledge
 * checkable. Every write to a call's partition goes through a transaction that also writes the
 * "ver" row (conditional on its ETag where the writer decided from a copy it holds), so the ver
 * row's ETag changes with every change to the call: a write conditional on it succeeds only if
 * the whole partition is exactly as the writer saw it.
 */

export const versionRowKey = 'ver';

export interface StoredCall {
  readonly snapshot: CallSnapshot;
  /** Acknowledged notifications for this call not applied yet, oldest first. */
  readonly inbox: readonly InboxEntry[];
  readonly etags: ReadonlyMap<string, string>;
  /**
   * The call's retention check is written, or will be when an invitation's check ends (a flag on
   * the ver row, set by the call's first write that saw it missing).
   */
  readonly retentionChecked: boolean;
  /** How many timeline events the call holds, and how many did not fit (timelineRows.ts; on the ver row). */
  readonly timeline: TimelineCount;
  /** The subscriptions for this call alone (their rows are in its partition: webhookEntities.ts). */
  readonly subscribers?: readonly Subscription[];
}

/** What one read-modify-write of a call decides: rows to write, inbox rows it applied, a result. */
export interface CallModification<R> {
  readonly changes: CallChanges;
  readonly consumedInbox: readonly string[];
  /** What the change did, for the call's timeline: written in the same transaction (timelineEvents.ts). */
  readonly events?: readonly TimelineEvent[];
  readonly result: R;
}

/** The version (ETag of the ver row) a stored copy was read or written at; undefined before the first write. */
export const versionOf = (stored: StoredCall): string | undefined => stored.etags.get(versionRowKey);

/** The partition as it is after `decision` was written and the service answered with `written` ETags. */
export function afterWrite(stored: StoredCall, decision: CallModification<unknown>, written: ReadonlyMap<string, string>, retentionChecked?: boolean): StoredCall {
  const etags = new Map(stored.etags);
  for (const rowKey of decision.consumedInbox) etags.delete(rowKey);
  // Event and outbox rows are never read back by writers (readCall skips them): their ETags are not kept.
  for (const [rowKey, etag] of written) if (!rowKey.startsWith(eventPrefix) && !rowKey.startsWith(outboxPrefix)) etags.set(rowKey, etag);
  const consumed = new Set(decision.consumedInbox);
  return {
    snapshot: withChanges(stored.snapshot, decision.changes),
    inbox: stored.inbox.filter((e) => !consumed.has(e.rowKey)),
    etags,
    // The write set the flag if the call had none (modifyCall writes the check first).
    retentionChecked: retentionChecked ?? true,
    timeline: changeEvents(stored.snapshot.callId, stored.timeline, decision.events ?? []).count,
    subscribers: stored.subscribers,
  };
}
