import type { Caller } from './caller';
import { sameCaller } from './caller';
import type { CallEvent, CallEventType } from './callEvent';

/**
 * A webhook subscription. `own`: the caller may read only its own invitations (Invitations.Invite
 * without Calls.Read), so it is told only of those finishing. `paused`: its receiver kept failing.
 */
export interface Subscription {
  readonly id: string;
  readonly notificationUrl: string;
  readonly events: readonly CallEventType[];
  /** One call, or every call. */
  readonly callId: string | undefined;
  readonly scope: 'all' | 'own';
  readonly owner: Caller;
  readonly status: 'active' | 'paused';
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Failed attempts since the receiver last accepted one, and since when. */
  readonly consecutiveFailures: number;
  readonly failingSince: string | undefined;
  readonly pausedAt: string | undefined;
}

/** Whether an event goes to a subscription: its type and call, made after it, within its scope. */
export function wants(sub: Subscription, event: Pick<CallEvent, 'type' | 'callId' | 'occurredAt' | 'invitedBy'>): boolean {
  if (!sub.events.includes(event.type)) return false;
  if (sub.callId !== undefined && sub.callId !== event.callId) return false;
  if (event.occurredAt < sub.createdAt) return false;
  return sub.scope === 'all' || (event.type === 'invitation.finished' && sameCaller(event.invitedBy, sub.owner));
}

/** Deliveries go to active subscriptions that have not expired. */
export function isLive(sub: Subscription, now: Date): boolean {
  return sub.status === 'active' && Date.parse(sub.expiresAt) > now.getTime();
}
