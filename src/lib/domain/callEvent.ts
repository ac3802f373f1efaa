import type { Caller } from './caller';
import { isTerminal, type Invitation } from './invitation';
import type { CallChanges, CallRecord, CallSnapshot, RosterEntry } from './roster';

/** What subscribers can be told about (docs/api.md "Subscriptions"). */
export const callEventTypes = ['invitation.finished', 'participant.joined', 'participant.left', 'call.ended'] as const;
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
);

/** In the call, not waiting in the lobby. */
const inCall = (e: RosterEntry | undefined): boolean => e !== undefined && e.present && e.isInLobby !== true;

function invitationEvents(before: CallSnapshot, changed: readonly Invitation[]): CallEvent[] {
  const previous = new Map(before.invitations.map((i) => [i.clientContext, i]));
  return changed.flatMap((inv): CallEvent[] => {
    const was = previous.get(inv.clientContext);
    if (!isTerminal(inv.status) || (was !== undefined && isTerminal(was.status))) return [];
    const occurredAt = inv.completedAt ?? inv.updatedAt;
    return [{ type: 'invitation.finished', callId: inv.callId, key: `invitation.finished|${inv.clientContext}`, occurredAt, invitedBy: inv.invitedBy, invitation: inv }];
  });
}

function rosterEvents(before: CallSnapshot, changed: readonly RosterEntry[]): CallEvent[] {
  const previous = new Map(before.roster.map((e) => [e.participantId, e]));
  return changed.flatMap((entry): CallEvent[] => {
    const was = inCall(previous.get(entry.participantId));
    const is = inCall(entry);
    if (was === is) return [];
    const type = is ? 'participant.joined' : 'participant.left';
    const occurredAt = (is ? entry.joinedAt : entry.leftAt) ?? entry.updatedAt;
    // Graph's sequence number where it has one, so deciding the same change again gives the same key.
    const key = `${type}|${entry.participantId}|${entry.sequence ?? occurredAt}`;
    return [{ type, callId: before.callId, key, occurredAt, invitedBy: undefined, participant: entry }];
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
  return [...invitationEvents(before, changes.invitations), ...rosterEvents(before, changes.roster), ...ended];
}
