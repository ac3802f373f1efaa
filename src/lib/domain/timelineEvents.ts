import { isTerminal, type Invitation } from './invitation';
import type { CallChanges, CallSnapshot, RosterEntry } from './roster';
import type { TimelineEvent } from './timeline';

const seconds = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/** What changed in one invitation: Graph got it (or may have), or it reached its outcome. */
export function invitationEvents(before: Invitation | undefined, after: Invitation): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const { clientContext } = after;
  // Sent: the attempt that owned the row was settled (Graph answered, or may have it), not refused.
  if (before?.sending !== undefined && after.sending === undefined && after.outcomeReason !== 'graphRejected') {
    events.push({ kind: 'invitationSent', at: after.updatedAt, clientContext, invitees: after.invitees.length, operationId: after.operationId });
  }
  if (isTerminal(after.status) && !(before !== undefined && isTerminal(before.status))) {
    const at = after.completedAt ?? after.updatedAt;
    events.push({
      kind: 'invitationOutcome',
      at,
      clientContext,
      status: after.status === 'completed' ? 'completed' : 'failed',
      reason: after.outcomeReason,
      code: after.resultInfo?.code,
      subcode: after.resultInfo?.subcode,
      seconds: seconds(after.createdAt, at),
    });
  }
  return events;
}

/** In the call proper: on the roster and not waiting in the lobby. */
const inCall = (e: RosterEntry | undefined): boolean => e !== undefined && e.present && e.isInLobby !== true;
const inLobby = (e: RosterEntry | undefined): boolean => e !== undefined && e.present && e.isInLobby === true;
/** Muted as far as anyone could see: someone not present is not muted. */
const muted = (e: RosterEntry | undefined): boolean => e !== undefined && e.present && e.isMuted === true;

/** What changed for one participant: joined, waiting in the lobby, muted or unmuted, left. */
export function participantEvents(before: RosterEntry | undefined, after: RosterEntry): TimelineEvent[] {
  const { participantId, updatedAt } = after;
  const events: TimelineEvent[] = [];
  if (inLobby(after) && !inLobby(before)) events.push({ kind: 'lobby', at: updatedAt, participantId });
  // At the update, not joinedAt: someone admitted from the lobby kept the joinedAt of their arrival.
  if (inCall(after) && !inCall(before)) events.push({ kind: 'joined', at: updatedAt, participantId, clientContext: after.invitationClientContext });
  if (muted(after) !== muted(before) && after.present) events.push({ kind: 'muted', at: updatedAt, participantId, muted: muted(after) });
  if (before?.present === true && !after.present) {
    events.push({ kind: 'left', at: after.leftAt ?? updatedAt, participantId, reason: after.removalReason });
  }
  return events;
}

/**
 * The events a change set records over the state it was decided from, in a stable order:
 * invitations (as written), then the roster, then the call's state.
 */
export function timelineEvents(before: CallSnapshot, changes: CallChanges): TimelineEvent[] {
  const invitations = new Map(before.invitations.map((i) => [i.clientContext, i]));
  const roster = new Map(before.roster.map((e) => [e.participantId, e]));
  const events = [
    ...changes.invitations.flatMap((inv) => invitationEvents(invitations.get(inv.clientContext), inv)),
    ...changes.roster.flatMap((entry) => participantEvents(roster.get(entry.participantId), entry)),
  ];
  const call = changes.call;
  if (call?.state !== undefined && call.state !== before.call?.state) {
    events.push({ kind: 'callState', at: call.updatedAt, state: call.state, code: call.resultInfo?.code, subcode: call.resultInfo?.subcode });
  }
  return events;
}
