import type { Caller } from './caller';
import { isTerminal, type Invitation } from './invitation';
import { isDecided, type IncomingCall } from './incomingCall';
import { notInRoster } from './applyRoster';
import { wasEverInCall, type CallChanges, type CallRecord, type CallSnapshot, type RosterEntry } from './roster';

/** What subscribers can be told about (docs/api.md "Subscriptions"). */
export const callEventTypes = ['invitation.finished', 'participant.joined', 'participant.left', 'call.ended', 'call.incoming'] as const;
export type CallEventType = (typeof callEventTypes)[number];

/** Something that happened to a call, produced in the same write as the change that caused it. */
export type CallEvent = {
  readonly callId: string;
  /** Unique per event: the same change never yields two keys, so the event id derived from it is stable. */
  readonly key: string;
  readonly occurredAt: string;
  /** Who made the invitation (subscriptions limited to their own invitations match on it). */
  readonly invitedBy: Caller | undefined;
} & (
  | { readonly type: 'invitation.finished'; readonly invitation: Invitation }
  | { readonly type: 'participant.joined' | 'participant.left'; readonly participant: RosterEntry }
  | { readonly type: 'call.ended'; readonly call: CallRecord }
  /** Someone called the bot, and what the bot did is known (answered, rejected, left, missed, failed). */
  | { readonly type: 'call.incoming'; readonly incoming: IncomingCall }
);

/** The call.incoming event, once: when the incoming call's result stops being pending. */
function incomingEvents(before: CallSnapshot, changes: CallChanges): CallEvent[] {
  const incoming = changes.call?.incoming;
  if (!incoming || !isDecided(incoming) || isDecided(before.call?.incoming)) return [];
  return [{ type: 'call.incoming', callId: before.callId, key: 'call.incoming', occurredAt: incoming.decidedAt ?? incoming.receivedAt, invitedBy: undefined, incoming }];
}


/**
 * Gone for certain: removed by Graph's word (removedState, a deleted item), by the call's end, or
 * absent and settled (RosterEntry.settled). An absence alone may be a stale roster's, so it waits.
 */
const goneForCertain = (e: RosterEntry | undefined): boolean =>
  // Stryker disable next-line ConditionalExpression: wasEverInCall(undefined) is false anyway; the guard is for the type checker
  e !== undefined && wasEverInCall(e) && !e.present && (e.removalReason !== notInRoster || e.settled === true);

function invitationEvents(before: CallSnapshot, changed: readonly Invitation[]): CallEvent[] {
  const previous = new Map(before.invitations.map((i) => [i.clientContext, i]));
  return changed.flatMap((inv): CallEvent[] => {
    const was = previous.get(inv.clientContext);
    if (!isTerminal(inv.status) || (was !== undefined && isTerminal(was.status))) return [];
    const occurredAt = inv.completedAt ?? inv.updatedAt;
    return [{ type: 'invitation.finished', callId: inv.callId, key: `invitation.finished|${inv.clientContext}`, occurredAt, invitedBy: inv.invitedBy, invitation: inv }];
  });
}

/**
 * Facts, not transitions, so the same notifications in any order tell the same: a participant id
 * was in the call (once: Graph gives a returning person a new id; the lobby is not the call), and
 * is gone for certain (once). Keyed by participant id alone, so deciding again gives the same key.
 */
function rosterEvents(before: CallSnapshot, changed: readonly RosterEntry[]): CallEvent[] {
  const previous = new Map(before.roster.map((e) => [e.participantId, e]));
  return changed.flatMap((entry): CallEvent[] => {
    const was = previous.get(entry.participantId);
    const event = (type: 'participant.joined' | 'participant.left', occurredAt: string | undefined): CallEvent =>
      ({ type, callId: before.callId, key: `${type}|${entry.participantId}`, occurredAt: occurredAt ?? entry.updatedAt, invitedBy: undefined, participant: entry });
    return [
      ...(wasEverInCall(entry) && !wasEverInCall(was) ? [event('participant.joined', entry.joinedAt)] : []),
      ...(goneForCertain(entry) && !goneForCertain(was) ? [event('participant.left', entry.leftAt)] : []),
    ];
  });
}

/**
 * The events a change set produces over the state it was decided from: an invitation reaching
 * its outcome, someone entering or leaving the call (the lobby is not the call), the call ending.
 * A function of the two states, so a repeated or stale delivery that changes nothing produces nothing.
 */
export function eventsOf(before: CallSnapshot, changes: CallChanges): CallEvent[] {
  const ended: CallEvent[] =
    changes.call?.state === 'terminated' && before.call?.state !== 'terminated'
      ? [{ type: 'call.ended', callId: before.callId, key: 'call.ended', occurredAt: changes.call.terminatedAt ?? changes.call.updatedAt, invitedBy: undefined, call: changes.call }]
      : [];
  return [...invitationEvents(before, changes.invitations), ...rosterEvents(before, changes.roster), ...incomingEvents(before, changes), ...ended];
}
