import { z } from 'zod';
import { callEventTypes } from '../domain/callEvent';
import { callIdSchema } from '../graph/inviteRequest';
import { invitationViewSchema, participantViewSchema, resultInfoView, timestamp } from './apiSchemas';

/*
 * Subscriptions (webhooks) and what they deliver: the request bodies the handlers validate and
 * the documents they answer with, from which the OpenAPI definition is generated.
 */

const notificationUrl = z.string().min(1).max(2048).describe('Where deliveries are POSTed: https (an absolute URL)');

export const subscriptionRequestSchema = z.strictObject({
  notificationUrl,
  events: z
    .array(z.enum(callEventTypes))
    .min(1)
    .max(callEventTypes.length)
    .refine((events) => new Set(events).size === events.length, 'must not repeat an event')
    .describe('invitation.finished, participant.joined, participant.left, call.ended, call.incoming'),
  callId: callIdSchema.optional().describe('Only this call; every call when left out'),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('When deliveries stop (at most 365 days ahead; that is the default)'),
});
export type SubscriptionRequest = z.infer<typeof subscriptionRequestSchema>;

/** What a Power Automate trigger sends: its callback URL (x-ms-notification-url) and, optionally, one call. */
export const triggerRequestSchema = z.strictObject({
  notificationUrl: notificationUrl.describe('Power Automate fills it in'),
  callId: callIdSchema.optional().describe('Only this call; every call when left out'),
});

export const triggerNames = { 'invitation-finished': 'invitation.finished', 'participant-joined': 'participant.joined', 'participant-left': 'participant.left', 'call-ended': 'call.ended', 'incoming-call': 'call.incoming' } as const;

export const subscriptionViewSchema = z.object({
  id: z.string(),
  notificationUrl: z.string(),
  events: z.array(z.enum(callEventTypes)),
  callId: z.string().nullable(),
  scope: z.enum(['all', 'own']).describe("all: every call's events; own: only the caller's own invitations finishing (a caller without Calls.Read)"),
  status: z.enum(['active', 'paused']).describe('paused: its receiver kept failing; nothing is delivered'),
  createdAt: timestamp,
  expiresAt: timestamp,
  pausedAt: timestamp.nullable(),
  consecutiveFailures: z.number().int(),
  secret: z.string().optional().describe('The signing secret (whsec_...): in the answer to its creation only. Store it; it is never shown again'),
  links: z.object({ self: z.string() }),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

const envelope = <T extends z.ZodType>(type: string, data: T) =>
  z.object({
    type: z.string().describe(type),
    timestamp: timestamp.describe('When it happened'),
    data,
  });

/** Standard Webhooks' payload shape: type, timestamp, data. One schema per event type. */
export const invitationFinishedSchema = envelope('invitation.finished', invitationViewSchema);
export const participantEventSchema = envelope('participant.joined or participant.left', z.object({ callId: z.string(), participant: participantViewSchema }));
export const callEndedSchema = envelope('call.ended', z.object({ callId: z.string(), state: z.string(), resultInfo: resultInfoView.nullable(), terminatedAt: timestamp.nullable() }));
export const incomingCallEventSchema = envelope(
  'call.incoming',
  z.object({
    callId: z.string().describe('The call: invite into it once result is answered (and the call established)'),
    result: z.enum(['answered', 'rejected', 'left', 'missed', 'failed']).describe('What the bot did: answered; rejected (INCOMING_CALL_POLICY); left to another handler; missed (the call ended before it was established, e.g. answered too late); failed (Graph refused the answer or reject)'),
    caller: z.object({ kind: z.string(), id: z.string(), displayName: z.string().nullable(), tenantId: z.string().nullable() }).nullable().describe('Who called (source.identity); null when Graph did not say'),
    tenantId: z.string().nullable().describe("The call's tenant"),
    rejectReason: z.string().nullable().describe('busy, forbidden or none when rejected; null otherwise'),
    receivedAt: timestamp.describe('When the incoming call notification arrived'),
    decidedAt: timestamp.nullable(),
    chatInfo: z.record(z.string(), z.unknown()).nullable().describe('An invite into a group call or meeting: its chatInfo as Graph sent it'),
    meetingInfo: z.record(z.string(), z.unknown()).nullable().describe('An invite into a group call or meeting: its meetingInfo as Graph sent it'),
  }),
);
export type EventPayload = z.infer<typeof invitationFinishedSchema> | z.infer<typeof participantEventSchema> | z.infer<typeof callEndedSchema> | z.infer<typeof incomingCallEventSchema>;

export const deliveryListSchema = z.object({
  deliveries: z.array(
    z.object({
      subscriptionId: z.string(),
      eventId: z.string(),
      type: z.string(),
      state: z.enum(['pending', 'dead']),
      attempts: z.number().int(),
      firstAttemptAt: timestamp.nullable(),
      dueAt: timestamp,
      lastError: z.string().nullable(),
    }),
  ),
});

/** Subscription ids are UUIDs. */
export const subscriptionIdSchema = z.uuid();
