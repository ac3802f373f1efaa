import type { AppConfig } from '../config/config';
import type { CallEvent } from '../domain/callEvent';
import type { Subscription } from '../domain/subscription';
import type { EventPayload, SubscriptionView } from './subscriptionSchemas';
import { invitationView, participantView } from './views';
import type { IncomingCall } from '../domain/incomingCall';

function incomingCallData(callId: string, i: IncomingCall) {
  const caller = i.caller ? { kind: i.caller.kind, id: i.caller.id, displayName: i.caller.displayName ?? null, tenantId: i.caller.tenantId ?? null } : null;
  // isDecided: never pending when the event is made.
  const result = i.result === 'pending' ? 'missed' : i.result;
  return { callId, result, caller, tenantId: i.tenantId ?? null, rejectReason: i.rejectReason ?? null, receivedAt: i.receivedAt, decidedAt: i.decidedAt ?? null, chatInfo: i.chatInfo ?? null, meetingInfo: i.meetingInfo ?? null };
}

/** A delivery's body (Standard Webhooks' type, timestamp, data), the same for every subscription. */
export function eventPayload(config: AppConfig, event: CallEvent): EventPayload {
  const base = { type: event.type, timestamp: event.occurredAt };
  switch (event.type) {
    case 'invitation.finished':
      return { ...base, data: invitationView(config, event.invitation) };
    case 'participant.joined':
    case 'participant.left':
      return { ...base, data: { callId: event.callId, participant: participantView(config, event.callId, event.participant) } };
    case 'call.ended':
      return { ...base, data: { callId: event.callId, state: event.call.state ?? 'terminated', resultInfo: event.call.resultInfo ?? null, terminatedAt: event.call.terminatedAt ?? null } };
    case 'call.incoming':
      return { ...base, data: incomingCallData(event.callId, event.incoming) };
  }
}

export const subscriptionUrl = (config: AppConfig, id: string): string => `${config.publicBaseUrl}/api/subscriptions/${encodeURIComponent(id)}`;

export function subscriptionView(config: AppConfig, sub: Subscription, secret?: string): SubscriptionView {
  return {
    id: sub.id,
    notificationUrl: sub.notificationUrl,
    events: [...sub.events],
    callId: sub.callId ?? null,
    scope: sub.scope,
    status: sub.status,
    createdAt: sub.createdAt,
    expiresAt: sub.expiresAt,
    pausedAt: sub.pausedAt ?? null,
    consecutiveFailures: sub.consecutiveFailures,
    ...(secret === undefined ? {} : { secret }),
    links: { self: subscriptionUrl(config, sub.id) },
  };
}
