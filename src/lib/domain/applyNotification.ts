import { applyRoster, closeRoster, type RosterUpdate } from './applyRoster';
import { normalizeId } from './ids';
import { linkInvitations, sightingsByKey } from './linkInvitations';
import { isTerminal, type Invitation } from './invitation';
import { applyOperation, applyPresence, finalize } from './invitationTransitions';
import type { NotificationItem } from './notification';
import type { CallChanges, CallRecord, CallSnapshot } from './roster';
import { noChanges, overlayRoster } from './roster';

export type OperationItem = Extract<NotificationItem, { kind: 'operation' }>;
export type CallStateItem = Extract<NotificationItem, { kind: 'callState' }>;

/** Correlate by clientContext first (our key, present before Graph answers), operation id second. */
export function findInvitation(snapshot: CallSnapshot, item: OperationItem): Invitation | undefined {
  const byContext = item.clientContext
    ? snapshot.invitations.find((i) => i.clientContext === item.clientContext)
    : undefined;
  if (byContext) return byContext;
  const opId = normalizeId(item.operationId);
  return snapshot.invitations.find((i) => i.operationId !== undefined && normalizeId(i.operationId) === opId);
}

export function applyOperationItem(snapshot: CallSnapshot, item: OperationItem, now: Date): CallChanges {
  const invitation = findInvitation(snapshot, item);
  if (!invitation) return noChanges;
  const next = applyOperation(invitation, item, now);
  return next === invitation ? noChanges : { call: undefined, invitations: [next], roster: [] };
}

export function applyRosterItem(snapshot: CallSnapshot, update: RosterUpdate, now: Date): CallChanges {
  // After the call ended the roster is closed; late roster deliveries are older than that.
  if (snapshot.call?.state === 'terminated') return noChanges;
  const changed = applyRoster(snapshot.roster, update, now);
  // Stryker disable next-line ConditionalExpression: a shortcut; linking an empty change set changes nothing
  if (changed.length === 0) return noChanges;
  const linked = linkInvitations(snapshot.invitations, overlayRoster(snapshot.roster, changed), changed, now);
  return { call: undefined, invitations: linked.invitations, roster: linked.roster };
}

/**
 * Call states in phases: answering an incoming call, setting up, in the call (hold, transfer and
 * the like come and go in arrival order), terminating, terminated. A state never moves the call
 * back a phase, so nothing follows terminated.
 */
function phase(state: string): number {
  switch (state.toLowerCase()) {
    case 'incoming':
      return 0;
    case 'establishing':
      return 1;
    case 'terminating':
      return 3;
    case 'terminated':
      return 4;
    default:
      return 2;
  }
}

function movesForward(previous: string | undefined, next: string): boolean {
  if (previous === undefined) return true;
  if (previous === next) return false;
  // Every phase but the call's own has one state: within the call, arrival order decides.
  return phase(next) >= phase(previous);
}

export function applyCallStateItem(snapshot: CallSnapshot, item: CallStateItem, now: Date): CallChanges {
  const at = now.toISOString();
  const previous = snapshot.call;
  if (!movesForward(previous?.state, item.state)) return noChanges;
  const terminating = item.state === 'terminated';
  const call: CallRecord = {
    // Fields this rule does not own (origin, hang-up) stay as they are.
    ...previous,
    callId: snapshot.callId,
    state: item.state,
    resultInfo: item.resultInfo ?? previous?.resultInfo,
    terminatedAt: terminating ? at : previous?.terminatedAt,
    establishedAt: previous?.establishedAt ?? (item.state.toLowerCase() === 'established' ? at : undefined),
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
  if (!terminating) return { call, invitations: [], roster: [] };
  const closed = closeRoster(snapshot.roster, now);
  const linked = linkInvitations(snapshot.invitations, overlayRoster(snapshot.roster, closed), closed, now);
  const afterPresence = new Map(linked.invitations.map((i) => [i.clientContext, i]));
  const invitations = snapshot.invitations.flatMap((original) => {
    const latest = afterPresence.get(original.clientContext) ?? original;
    const finalized = finalize(latest, 'callEnded', now);
    return finalized === original ? [] : [finalized];
  });
  return { call, invitations, roster: linked.roster };
}

/** Finalizes invitations whose deadline passed without an outcome. */
export function finalizeExpired(snapshot: CallSnapshot, now: Date): CallChanges {
  const sightings = sightingsByKey(snapshot.roster);
  const invitations = snapshot.invitations.flatMap((inv) => {
    if (isTerminal(inv.status) || Date.parse(inv.deadline) > now.getTime()) return [];
    // Someone already in the call when invited causes no roster change: look at the roster.
    // Stryker disable next-line ArrayDeclaration: a list of junk holds no sighting either
    const seen = inv.invitees.reduce((acc, i) => applyPresence(acc, i.key, sightings.get(i.key) ?? [], now), inv);
    return [finalize(seen, 'timeout', now)];
  });
  return { call: undefined, invitations, roster: [] };
}

/** Applies any classified item to the stored state of its call. */
export function applyItem(snapshot: CallSnapshot, item: NotificationItem, now: Date): CallChanges {
  switch (item.kind) {
    case 'operation':
      return applyOperationItem(snapshot, item, now);
    case 'roster':
      return applyRosterItem(snapshot, item, now);
    case 'callState':
      return applyCallStateItem(snapshot, item, now);
    case 'ignored':
      return noChanges;
  }
}
