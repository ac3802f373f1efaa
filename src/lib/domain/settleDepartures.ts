import { applyRoster, isUnsettled } from './applyRoster';
import { linkInvitations } from './linkInvitations';
import type { IncomingParticipant } from './notification';
import { noChanges, overlayRoster, type CallChanges, type CallSnapshot, type RosterEntry } from './roster';

/** The participants whose departure is known only from their absence, not yet settled. */
export function unsettledDepartures(roster: readonly RosterEntry[]): string[] {
  return roster.filter(isUnsettled).map((e) => e.participantId);
}

/**
 * Graph's participant list (who is in the call now) settles departures inferred from absence.
 * `asked`: the participants whose departures were unsettled when the list was requested; only
 * they are judged, since a notification applied since may be newer than the list. One the list
 * lacks has left for certain; one it lists is back in the call (the absence was a stale roster's).
 * Anything else the list says is left to the notifications, which carry sequence numbers.
 */
export function settleDepartures(snapshot: CallSnapshot, asked: readonly string[], listed: readonly IncomingParticipant[], now: Date): CallChanges {
  if (snapshot.call?.state === 'terminated') return noChanges;
  const at = now.toISOString();
  const judged = new Set(asked.filter((id) => snapshot.roster.some((e) => e.participantId === id && isUnsettled(e))));
  const back = listed.filter((p) => judged.has(p.participantId));
  // Stryker disable next-line StringLiteral: every mode but 'full' changes only whom it lists
  const revived = applyRoster(snapshot.roster, { mode: 'delta', participants: back }, now);
  const listedIds = new Set(listed.map((p) => p.participantId));
  const gone = snapshot.roster.filter((e) => judged.has(e.participantId) && !listedIds.has(e.participantId)).map((e) => ({ ...e, settled: true, updatedAt: at }));
  const changed = [...revived, ...gone];
  // Stryker disable next-line ConditionalExpression: a shortcut; linking an empty change set changes nothing
  if (changed.length === 0) return noChanges;
  const linked = linkInvitations(snapshot.invitations, overlayRoster(snapshot.roster, changed), changed, now);
  return { call: undefined, invitations: linked.invitations, roster: linked.roster };
}
