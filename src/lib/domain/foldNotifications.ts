import { applyItem, findInvitation } from './applyNotification';
import type { NotificationItem } from './notification';
import type { Invitation } from './invitation';
import { isEmpty, noChanges, overlay, participantKey, type CallChanges, type CallSnapshot } from './roster';

export type ItemResult = 'applied' | 'unchanged' | 'unmatched' | 'ignored';

export interface ItemOutcome {
  readonly item: NotificationItem;
  readonly result: ItemResult;
}

const invitationKey = (i: Invitation) => i.clientContext;

/** The snapshot as it is after `changes` are written. */
export function withChanges(snapshot: CallSnapshot, changes: CallChanges): CallSnapshot {
  if (isEmpty(changes)) return snapshot;
  return {
    callId: snapshot.callId,
    call: changes.call ?? snapshot.call,
    invitations: overlay(snapshot.invitations, changes.invitations, invitationKey),
    roster: overlay(snapshot.roster, changes.roster, participantKey),
  };
}

/** Combines two successive change sets: the later version of a row wins. */
export function mergeChanges(first: CallChanges, second: CallChanges): CallChanges {
  return {
    call: second.call ?? first.call,
    invitations: overlay(first.invitations, second.invitations, invitationKey),
    roster: overlay(first.roster, second.roster, participantKey),
  };
}

/**
 * Applies the items of one call, in delivery order, to its stored state: one read and one write
 * per call however many items the envelope holds for it.
 */
export function foldNotifications(
  snapshot: CallSnapshot,
  items: readonly NotificationItem[],
  now: Date,
): { changes: CallChanges; outcomes: ItemOutcome[] } {
  let current = snapshot;
  let changes = noChanges;
  const outcomes: ItemOutcome[] = [];
  for (const item of items) {
    if (item.kind === 'ignored') {
      outcomes.push({ item, result: 'ignored' });
      continue;
    }
    if (item.kind === 'operation' && !findInvitation(current, item)) {
      outcomes.push({ item, result: 'unmatched' });
      continue;
    }
    const itemChanges = applyItem(current, item, now);
    outcomes.push({ item, result: isEmpty(itemChanges) ? 'unchanged' : 'applied' });
    current = withChanges(current, itemChanges);
    changes = mergeChanges(changes, itemChanges);
  }
  return { changes, outcomes };
}
