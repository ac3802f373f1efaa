import { z } from 'zod';
import { resultInfoView, timestamp } from './apiSchemas';

/*
 * The call resource (POST/GET/DELETE /api/calls...): a call the bot placed, joined or answered.
 * The OpenAPI definition is generated from these schemas (openapiCalls.ts).
 */

export const callPhases = ['establishing', 'inLobby', 'established', 'terminated', 'failed'] as const;
export const callKinds = ['meeting', 'outgoing', 'incoming', 'unknown'] as const;

const meetingView = z
  .object({
    kind: z.enum(['classic', 'joinMeetingId']).describe('classic: from a /l/meetup-join/ link (chat thread + organizer); joinMeetingId: from a /meet/ link or a meeting id'),
    threadId: z.string().nullable(),
    messageId: z.string().nullable(),
    tenantId: z.string().nullable(),
    organizerId: z.string().nullable(),
    joinMeetingId: z.string().nullable(),
  })
  .nullable()
  .describe('The meeting joined (never the passcode); null for calls to people and answered calls');

export const callViewSchema = z.object({
  callId: z.string().describe("Graph's call id"),
  state: z
    .enum(callPhases)
    .describe('establishing: Graph is setting the call up; inLobby: the bot waits in the meeting lobby to be admitted; established: the bot is in the call; terminated: the call ended after being established; failed: it never was (refused, or not admitted within the time limit)'),
  graphState: z.string().nullable().describe("Graph's own call state (establishing, established, terminated, ...) as last notified"),
  kind: z.enum(callKinds).describe('meeting: joined from a link or id; outgoing: the bot called people; incoming: the bot answered; unknown: a call this app did not place'),
  meeting: meetingView,
  myParticipantId: z.string().nullable().describe("The bot's own participant id in the call (Graph's myParticipantId)"),
  reason: z.string().nullable().describe('Why this app hung up, if it did: requested (DELETE), lobbyTimeout (not admitted in time)'),
  resultInfo: resultInfoView.nullable().describe("Graph's resultInfo when the call ended"),
  createdAt: timestamp,
  establishedAt: timestamp.nullable(),
  terminatedAt: timestamp.nullable(),
  links: z.object({ self: z.string(), roster: z.string() }),
});

export const callListSchema = z.object({ value: z.array(callViewSchema).describe('Calls the bot is in (not terminated), oldest first') });

export type CallView = z.infer<typeof callViewSchema>;
export type CallList = z.infer<typeof callListSchema>;
