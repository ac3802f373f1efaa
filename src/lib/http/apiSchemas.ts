import { z } from 'zod';

/*
 * The documents the API answers with. The views are typed from these schemas and the OpenAPI
 * definition is generated from them, so the code, the contract and the connector cannot drift.
 */

export const timestamp = z.string().describe('ISO 8601 UTC timestamp');

const identityView = z.object({
  kind: z.string().describe('user, phone, application, applicationInstance, guest, azureCommunicationServicesUser, ...'),
  id: z.string(),
  displayName: z.string().nullable(),
});

export const resultInfoView = z
  .object({
    code: z.number().int().optional(),
    subcode: z.number().int().optional(),
    message: z.string().optional(),
  })
  .describe("Graph's resultInfo (e.g. 603 declined, 480 not reachable)");

export const invitationStatuses = ['pending', 'running', 'completed', 'failed'] as const;
export const outcomeReasons = ['operationCompleted', 'operationFailed', 'joined', 'graphRejected', 'timeout', 'callEnded', 'cancelled'] as const;
export const inviteeStates = ['invited', 'inLobby', 'joined', 'failed', 'left'] as const;

export const callerKinds = ['application', 'user', 'functionKey'] as const;

const callerView = z
  .object({
    kind: z.enum(callerKinds).describe('application: an app or managed identity with its own token; user: a signed-in user through a client app; functionKey: a function key (who is unknown)'),
    id: z.string().nullable().describe("The application's client id, or the user's object id"),
    tenantId: z.string().nullable(),
    appId: z.string().nullable().describe('The client application that held the token (for a user: the app acting for them)'),
  })
  .nullable()
  .describe('Who asked for the invitation; null for invitations recorded before callers were');

export const invitationViewSchema = z.object({
  callId: z.string(),
  clientContext: z.string(),
  status: z.enum(invitationStatuses),
  outcomeKnown: z.boolean().describe('true once the outcome is final (status completed or failed)'),
  outcome: z
    .object({ reason: z.enum(outcomeReasons), resultInfo: resultInfoView.nullable() })
    .nullable(),
  operationId: z.string().nullable(),
  graphRequestId: z.string().nullable(),
  invitees: z.array(
    z.object({
      identity: identityView,
      state: z.enum(inviteeStates),
      participantId: z.string().nullable(),
      joinedAt: timestamp.nullable(),
      leftAt: timestamp.nullable(),
    }),
  ),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
  deadline: timestamp,
  invitedBy: callerView,
  links: z.object({ self: z.string().describe('This status resource'), roster: z.string() }),
  meetingJoin: z
    .object({
      state: z.enum(['joining', 'joined', 'failed']).describe("joining: the bot is joining the meeting (or waits in its lobby) and the invite waits for it; joined: the bot is in, the invite was sent; failed: the bot never got in, nothing was sent"),
      call: z.string().describe("The bot's call in the meeting (GET it for its state)"),
    })
    .optional()
    .describe('Invitations asked for by meeting link (POST /api/meetings/invite): the first step, the bot joining'),
});

export const participantViewSchema = z.object({
  participantId: z.string(),
  identity: identityView.nullable(),
  endpointType: z.string().nullable(),
  isMuted: z.boolean().nullable(),
  isInLobby: z.boolean().nullable(),
  present: z.boolean(),
  joinedAt: timestamp.nullable(),
  leftAt: timestamp.nullable(),
  removalReason: z.string().nullable(),
  invitation: z.object({ clientContext: z.string(), href: z.string() }).nullable(),
});

export const rosterViewSchema = z.object({
  callId: z.string(),
  state: z.string().describe('Graph call state: establishing, established, terminated, ... or unknown'),
  resultInfo: resultInfoView.nullable(),
  terminatedAt: timestamp.nullable(),
  participants: z.array(participantViewSchema).describe('In the call now'),
  formerParticipants: z.array(participantViewSchema).describe('Were in the call'),
  invitations: z.array(z.object({ clientContext: z.string(), status: z.enum(invitationStatuses), href: z.string() })),
});

export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  graphStatus: z.number().int().optional(),
  graphErrorCode: z.string().optional(),
  graphRequestId: z.string().optional(),
});

export const healthSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  checks: z.object({
    configuration: z.object({ ok: z.boolean(), problems: z.array(z.string()).optional() }),
    storage: z.object({ ok: z.boolean(), error: z.string().optional() }),
  }),
});

export const inboxListSchema = z.object({
  entries: z.array(
    z.object({
      callId: z.string(),
      id: z.string(),
      receivedAt: timestamp,
      items: z.number().int(),
      attempts: z.number().int(),
      dead: z.boolean(),
      lastError: z.string().nullable(),
    }),
  ),
});

export const replayReportSchema = z.object({ calls: z.number().int(), applied: z.number().int(), failed: z.number().int() });

export type InvitationView = z.infer<typeof invitationViewSchema>;
export type RosterView = z.infer<typeof rosterViewSchema>;

/** The answer to a participant removal: Graph accepted it; the roster shows it when Graph says so. */
export const removalViewSchema = z.object({
  callId: z.string(),
  participantId: z.string(),
  status: z.enum(['removalRequested']),
  graphRequestId: z.string().nullable(),
  links: z.object({ roster: z.string() }),
});
export type RemovalView = z.infer<typeof removalViewSchema>;
