import { identityKey } from './identity';
import type { IncomingParticipant } from './notification';
import type { RosterEntry } from './roster';

/*
 * Ordering rules (deliveries repeat and arrive in any order):
 * - A participant update is applied only if its rosterSequenceNumber is newer than the one stored
 *   for that participant; an equal or older one changes nothing.
 * - Absence from a full roster means "left" only when that roster is at least as new as the
 *   participant's stored update (its highest sequence >= the participant's). A roster built before
 *   someone joined cannot tell whether they left. An older roster that still lists them carries at
 *   most their stored sequence, so it cannot bring them back.
 * - Without sequence numbers (legacy payloads), arrival order is all there is.
 */

export interface RosterUpdate {
  readonly mode: 'full' | 'delta';
  readonly participants: readonly IncomingParticipant[];
}

function isNewer(incoming: number | undefined, stored: number | undefined): boolean {
  return incoming === undefined || stored === undefined || incoming > stored;
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
  };
}

function sameEntry(a: RosterEntry, b: RosterEntry): boolean {
  return (
    a.present === b.present &&
    a.isMuted === b.isMuted &&
    a.isInLobby === b.isInLobby &&
    a.sequence === b.sequence &&
    a.identityKey === b.identityKey &&
    a.identity?.displayName === b.identity?.displayName &&
    a.endpointType === b.endpointType &&
    a.removalReason === b.removalReason
  );
}

/** Applies one roster notification; returns only the entries that changed. */
export function applyRoster(stored: readonly RosterEntry[], update: RosterUpdate, now: Date): RosterEntry[] {
  const at = now.toISOString();
  const byId = new Map(stored.map((e) => [e.participantId, e]));
  const changed: RosterEntry[] = [];
  for (const p of update.participants) {
    const previous = byId.get(p.participantId);
    if (previous && !isNewer(p.sequence, previous.sequence)) continue;
    const next = entryFrom(p, previous, at);
    if (!previous || !sameEntry(previous, next)) changed.push(next);
  }
  if (update.mode === 'full') {
    const listed = new Set(update.participants.map((p) => p.participantId));
    const sequences = update.participants.flatMap((p) => (p.sequence === undefined ? [] : [p.sequence]));
    const rosterSequence = sequences.length > 0 ? Math.max(...sequences) : undefined;
    for (const entry of stored) {
      if (!entry.present || listed.has(entry.participantId)) continue;
      // A roster without sequence numbers (e.g. empty) cannot be ordered against one that had them.
      const rosterIsNewer =
        entry.sequence === undefined || (rosterSequence !== undefined && rosterSequence >= entry.sequence);
      if (!rosterIsNewer) continue;
      changed.push({
        ...entry,
        present: false,
        leftAt: at,
        removalReason: 'notInRoster',
        // Keeps the participant's own sequence: their removedState update (newer) may still come.
        updatedAt: at,
      });
    }
  }
  return changed;
}

/** Everyone still present leaves when the call ends. */
export function closeRoster(stored: readonly RosterEntry[], now: Date): RosterEntry[] {
  const at = now.toISOString();
  return stored
    .filter((e) => e.present)
    .map((e) => ({ ...e, present: false, leftAt: at, removalReason: 'callEnded', updatedAt: at }));
}
