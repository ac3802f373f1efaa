import { identityKey } from './identity';
import type { IncomingParticipant } from './notification';
import { wasEverInCall, type RosterEntry } from './roster';

/*
 * Ordering rules. Deliveries repeat and arrive in any order, and Graph's rosterSequenceNumber is per
 * participant: "the roster sequence number in which the participant was last updated" (Graph's
 * participant resource). A full roster's highest number says nothing about its age: when Ada leaves,
 * the next roster simply lacks her and everyone else keeps their older numbers.
 * - A full roster is a statement about everyone: whoever it lacks has left, also when it is empty or
 *   holds only the bot, unless it is provably older than what is stored: it lists someone at a lower
 *   number than the one stored for that same participant. Then it changes nothing at all.
 * - When nothing proves a roster stale, arrival order decides. So the newest roster, whenever it
 *   arrives last, leaves the stored roster exactly as Graph has it (the property test's invariant).
 * - A participant's own update applies only if its number is higher than the stored one; a removal
 *   (removedState, or a deleted item) also when it is equal; someone whose departure was only
 *   inferred from an absence comes back at the same number (arrival order again).
 * - Without sequence numbers (legacy payloads), arrival order is all there is.
 * - What a listing says about who someone is (identity, endpoint type) and that they were in the
 *   call is true whatever its age, so it is learned from every listing, stale or not; a stale full
 *   roster's removals still apply by their own numbers, and someone only a stale roster lists is
 *   recorded as a former participant (a newer roster already lacked them). So a `deleted` item or
 *   removedState that arrives before any roster listing that participant leaves them a former
 *   participant at that number, who they are learned when the older rosters arrive.
 * Stamping inferred departures with the call's highest number would block late stale rosters, but
 * it also makes the true roster look stale after a wrong inference, and the roster never recovers.
 */

/** The removal reason of a departure inferred from a full roster that lacks the participant. */
export const notInRoster = 'notInRoster';

export interface RosterUpdate {
  readonly mode: 'full' | 'delta';
  readonly participants: readonly IncomingParticipant[];
}

function applies(p: IncomingParticipant, previous: RosterEntry): boolean {
  if (p.sequence === undefined || previous.sequence === undefined) return true;
  if (p.removedReason !== undefined) return p.sequence >= previous.sequence;
  const inferredAbsence = !previous.present && previous.removalReason === notInRoster;
  return p.sequence > previous.sequence || (p.sequence === previous.sequence && inferredAbsence);
}

function isProvablyStale(byId: ReadonlyMap<string, RosterEntry>, listed: readonly IncomingParticipant[]): boolean {
  return listed.some((p) => {
    const stored = byId.get(p.participantId)?.sequence;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a comparison with undefined is false anyway; the guard is for the type checker
    return p.sequence !== undefined && stored !== undefined && p.sequence < stored;
  });
}

/** The listing shows them in the call (present, not in the lobby). */
const listedInCall = (p: IncomingParticipant): boolean => p.removedReason === undefined && p.isInLobby !== true;

/** What any listing, however old, tells about someone: who they are, and that they were in the call. */
function withFacts(previous: RosterEntry, p: IncomingParticipant, at: string): RosterEntry {
  const identity = previous.identity ?? p.identity;
  return {
    ...previous,
    identity,
    identityKey: identity ? identityKey(identity) : undefined,
    endpointType: previous.endpointType ?? p.endpointType,
    wasInCall: wasEverInCall(previous) || listedInCall(p),
    updatedAt: at,
  };
}

/** Someone only a stale full roster lists: they were here, and a newer roster already lacked them. */
function formerFrom(p: IncomingParticipant, at: string): RosterEntry {
  const entry = entryFrom(p, undefined, at);
  return { ...entry, present: false, leftAt: at, removalReason: entry.removalReason ?? notInRoster };
}

function entryFrom(p: IncomingParticipant, previous: RosterEntry | undefined, at: string): RosterEntry {
  const present = p.removedReason === undefined;
  const wasPresent = previous?.present ?? false;
  return {
    participantId: p.participantId,
    identity: p.identity ?? previous?.identity,
    identityKey: p.identity ? identityKey(p.identity) : previous?.identityKey,
    endpointType: p.endpointType ?? previous?.endpointType,
    isMuted: p.isMuted ?? previous?.isMuted,
    isInLobby: p.isInLobby ?? previous?.isInLobby,
    present,
    joinedAt: present && !wasPresent ? at : previous?.joinedAt,
    leftAt: present ? undefined : wasPresent || previous === undefined ? at : previous.leftAt,
    removalReason: present ? undefined : p.removedReason,
    sequence: p.sequence ?? previous?.sequence,
    invitationClientContext: previous?.invitationClientContext,
    updatedAt: at,
    wasInCall: wasEverInCall(previous) || listedInCall(p),
    settled: present ? undefined : previous?.settled,
  };
}

function sameEntry(a: RosterEntry, b: RosterEntry): boolean {
  return (
    a.isMuted === b.isMuted &&
    a.isInLobby === b.isInLobby &&
    a.sequence === b.sequence &&
    a.identityKey === b.identityKey &&
    a.identity?.displayName === b.identity?.displayName &&
    a.endpointType === b.endpointType &&
    a.removalReason === b.removalReason &&
    wasEverInCall(a) === wasEverInCall(b) &&
    // Stryker disable next-line ConditionalExpression: presence never changes without removalReason changing too
    a.present === b.present
  );
}

/** Applies one roster notification; returns only the entries that changed. */
export function applyRoster(stored: readonly RosterEntry[], update: RosterUpdate, now: Date): RosterEntry[] {
  const at = now.toISOString();
  const byId = new Map(stored.map((e) => [e.participantId, e]));
  const stale = update.mode === 'full' && isProvablyStale(byId, update.participants);
  const changed: RosterEntry[] = [];
  for (const p of update.participants) {
    const previous = byId.get(p.participantId);
    let next: RosterEntry;
    if (previous === undefined) next = stale ? formerFrom(p, at) : entryFrom(p, previous, at);
    else if (applies(p, previous) && (!stale || p.removedReason !== undefined)) next = entryFrom(p, withFacts(previous, p, at), at);
    else next = withFacts(previous, p, at);
    if (!previous || !sameEntry(previous, next)) changed.push(next);
  }
  if (update.mode === 'full' && !stale) {
    const listed = new Set(update.participants.map((p) => p.participantId));
    for (const entry of stored) {
      if (!entry.present || listed.has(entry.participantId)) continue;
      changed.push({ ...entry, present: false, leftAt: at, removalReason: notInRoster, updatedAt: at });
    }
  }
  return changed;
}

/** A departure inferred from absence that nothing has settled yet (see RosterEntry.settled). */
export const isUnsettled = (e: RosterEntry): boolean => !e.present && e.removalReason === notInRoster && e.settled !== true;

/** Everyone still present leaves when the call ends; departures inferred from absence are settled by it. */
export function closeRoster(stored: readonly RosterEntry[], now: Date): RosterEntry[] {
  const at = now.toISOString();
  return stored.flatMap((e): RosterEntry[] => {
    if (e.present) return [{ ...e, present: false, leftAt: at, removalReason: 'callEnded', updatedAt: at }];
    return isUnsettled(e) ? [{ ...e, settled: true, updatedAt: at }] : [];
  });
}
