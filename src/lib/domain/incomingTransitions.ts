import { actedOn, followState, receivedIncoming, type IncomingAction, type IncomingCall } from './incomingCall';
import type { NotificationItem } from './notification';
import { noChanges, type CallChanges, type CallRecord, type CallSnapshot } from './roster';

type CallStateItem = Extract<NotificationItem, { kind: 'callState' }>;

/**
 * The call's incoming record after a call state notification: created by the incoming
 * notification (once: a repeated delivery finds it), then following the call's state.
 * `wasEstablished`: the call had reached the established phase before this notification.
 */
export function incomingAfter(previous: CallRecord | undefined, item: CallStateItem, wasEstablished: boolean, at: string): IncomingCall | undefined {
  const current = previous?.incoming;
  if (current === undefined) return item.incoming ? receivedIncoming(item.incoming, at) : undefined;
  return followState(current, item.state.toLowerCase(), wasEstablished, at);
}

/** Records what the bot did about the call that rang it (nothing when it is not recorded or already decided). */
export function recordIncomingAction(snapshot: CallSnapshot, action: IncomingAction, now: Date): CallChanges {
  const call = snapshot.call;
  if (call?.incoming === undefined) return noChanges;
  const at = now.toISOString();
  const incoming = actedOn(call.incoming, action, at);
  return incoming === call.incoming ? noChanges : { call: { ...call, incoming, updatedAt: at }, invitations: [], roster: [] };
}
