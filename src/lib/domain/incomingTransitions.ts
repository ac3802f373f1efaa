import { actedOn, followState, receivedIncoming, type IncomingAction, type IncomingCall } from './incomingCall';
import type { NotificationItem } from './notification';
import { noChanges, type CallChanges, type CallRecord, type CallSnapshot } from './roster';

type CallStateItem = Extract<NotificationItem, { kind: 'callState' }>;

/** States of a call not set up yet: a call that ends in one of them was never established. */
const settingUp = new Set(['incoming', 'establishing']);

/**
 * The call's incoming record after a call state notification: created by the incoming
 * notification (once: a repeated delivery finds it), then following the call's state.
 */
export function incomingAfter(previous: CallRecord | undefined, item: CallStateItem, at: string): IncomingCall | undefined {
  if (previous?.incoming === undefined) return item.incoming ? receivedIncoming(item.incoming, at) : undefined;
  const wasEstablished = previous.state !== undefined && !settingUp.has(previous.state);
  return followState(previous.incoming, item.state, wasEstablished, at);
}

/** Records what the bot did about the call that rang it (nothing when it is not recorded or already decided). */
export function recordIncomingAction(snapshot: CallSnapshot, action: IncomingAction, now: Date): CallChanges {
  const call = snapshot.call;
  if (call?.incoming === undefined) return noChanges;
  const at = now.toISOString();
  const incoming = actedOn(call.incoming, action, at);
  return incoming === call.incoming ? noChanges : { call: { ...call, incoming, updatedAt: at }, invitations: [], roster: [] };
}
