import { z } from 'zod';
import { invitationStatuses } from '../apiSchemas';

/* The timeline document (GET /api/calls/{callId}/timeline); the view page draws the same data. */

const timestamp = z.string().describe('ISO 8601 UTC timestamp');

export const timelineEventKinds = ['invitationSent', 'invitationOutcome', 'joined', 'left', 'lobby', 'muted', 'callState'] as const;

const timelineEventView = z
  .object({
    kind: z.enum(timelineEventKinds),
    at: timestamp,
    participantId: z.string().optional().describe('joined, left, lobby, muted: the Graph participant'),
    clientContext: z.string().optional().describe('invitationSent, invitationOutcome; joined: the invitation that brought them in'),
    status: z.enum(['completed', 'failed']).optional().describe('invitationOutcome'),
    reason: z.string().optional().describe('invitationOutcome: why it ended; left: the removal reason'),
    code: z.number().int().optional().describe("invitationOutcome, callState: Graph's resultInfo code"),
    subcode: z.number().int().optional(),
    seconds: z.number().optional().describe('invitationOutcome: seconds from the invite request'),
    muted: z.boolean().optional().describe('muted: muted (true) or unmuted (false)'),
    state: z.string().optional().describe('callState: the call state Graph reported'),
    invitees: z.number().int().optional().describe('invitationSent: how many were invited'),
    operationId: z.string().optional().describe("invitationSent: Graph's operation id"),
  })
  .describe('One thing that happened; the fields present depend on kind');

export const timelineViewSchema = z.object({
  callId: z.string(),
  state: z.string().nullable().describe('The call state last reported by Graph'),
  startedAt: timestamp.nullable().describe('The first thing recorded about the call'),
  endedAt: timestamp.nullable().describe('When the call was reported terminated'),
  live: z.boolean().describe('Not ended: the timeline can still grow'),
  participants: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string().nullable(),
      kind: z.string().nullable().describe('user, phone, application, guest, ...'),
      present: z.boolean(),
    }),
  ),
  invitations: z.array(z.object({ clientContext: z.string(), status: z.enum(invitationStatuses), reason: z.string().nullable() })),
  events: z.array(timelineEventView).describe('In the order they happened'),
  truncated: z
    .object({ limit: z.number().int(), dropped: z.number().int() })
    .nullable()
    .describe('Set when the call had more events than are kept (the first ones are); the call state, roster and invitations stay exact'),
});

export type TimelineView = z.infer<typeof timelineViewSchema>;
