import type { Invitation } from './invitation';
import { applyPresence, type Sighting } from './invitationTransitions';
import { wasEverInCall, type RosterEntry } from './roster';

/** Every roster entry per identity, as sightings (a user on two devices is seen twice). */
export function sightingsByKey(roster: readonly RosterEntry[]): Map<string, Sighting[]> {
  const byKey = new Map<string, Sighting[]>();
  for (const entry of roster) {
    // Stryker disable next-line ConditionalExpression: filed under no key, no invitee would find it anyway; the guard is for the type checker
    if (entry.identityKey === undefined) continue;
    const inLobby = entry.present && entry.isInLobby === true;
    const leftAt = !entry.present && wasEverInCall(entry) ? (entry.leftAt ?? entry.updatedAt) : undefined;
    const sighting: Sighting = { participantId: entry.participantId, inCall: entry.present && !inLobby, inLobby, leftAt };
    const seen = byKey.get(entry.identityKey);
    if (seen) seen.push(sighting);
    else byKey.set(entry.identityKey, [sighting]);
  }
  return byKey;
}

/**
 * The invitation that brought a participant: the newest one naming them that did not fail (for a
 * former participant, made before they left).
 */
function invitationFor(entry: RosterEntry, invitations: Iterable<Invitation>): string | undefined {
  let found: Invitation | undefined;
  for (const inv of invitations) {
    if (inv.status === 'failed' || !inv.invitees.some((i) => i.key === entry.identityKey)) continue;
    // Stryker disable next-line EqualityOperator: an invitation made in the very millisecond they left is equally right either way
    if (!entry.present && inv.createdAt > (entry.leftAt ?? entry.updatedAt)) continue;
    // Stryker disable next-line EqualityOperator: two invitations made in the same millisecond are equally right
    if (found === undefined || inv.createdAt > found.createdAt) found = inv;
  }
  return found?.clientContext;
}

/**
 * Brings invitations in line with the roster after `changed` was applied (`roster` is the whole
 * roster then), and links each changed participant to the invitation that brought them. Both are
 * functions of the state, not of the transition, so re-applying to a partly written state (a retry
 * after a lost race) still links and transitions everything.
 */
export function linkInvitations(
  invitations: readonly Invitation[],
  roster: readonly RosterEntry[],
  changed: readonly RosterEntry[],
  now: Date,
): { invitations: Invitation[]; roster: RosterEntry[] } {
  const current = new Map(invitations.map((i) => [i.clientContext, i]));
  const sightings = sightingsByKey(roster);
  // Stryker disable next-line ConditionalExpression,ArrayDeclaration: no invitee has an undefined (or a junk) key, so looking one up changes nothing
  const keys = new Set(changed.flatMap((e) => (e.identityKey === undefined ? [] : [e.identityKey])));
  for (const key of keys) {
    for (const [context, inv] of current) {
      // Stryker disable next-line ArrayDeclaration: never undefined (the key comes from the roster), and junk is no sighting either
      current.set(context, applyPresence(inv, key, sightings.get(key) ?? [], now));
    }
  }
  const linkedRoster = changed.map((entry) => {
    // Stryker disable next-line ConditionalExpression: without an identity no invitation names the entry, so nothing would link anyway
    if (entry.identityKey === undefined) return entry;
    // A former participant keeps the link they had; one first known after leaving (out of order) gets theirs now.
    if (!entry.present && (entry.invitationClientContext !== undefined || !wasEverInCall(entry))) return entry;
    return { ...entry, invitationClientContext: invitationFor(entry, current.values()) ?? entry.invitationClientContext };
  });
  const changedInvitations = invitations.flatMap((i) => {
    const next = current.get(i.clientContext);
    return next && next !== i ? [next] : [];
  });
  return { invitations: changedInvitations, roster: linkedRoster };
}
