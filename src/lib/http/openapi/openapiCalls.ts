import { authErrors, callIdParameter, errors, json, problem, ref, retryAfter } from './openapiCommon';
import type { JsonSchema } from './swaggerSchema';

const callHeaders = { Location: { type: 'string', description: 'Absolute URL of the call resource' }, ...retryAfter };
const invitationHeaders = { Location: { type: 'string', description: 'Absolute URL of the invitation status resource' }, ...retryAfter };
const idempotencyKey = {
  name: 'Idempotency-Key', in: 'header', required: false, type: 'string', maxLength: 256,
  description: 'Stands in for clientContext when the body has none: the same key returns the same call or invitation',
  'x-ms-summary': 'Idempotency Key', 'x-ms-visibility': 'advanced',
};
const finalCall = { description: 'The call is established (or it ended, or failed to start: state, reason, resultInfo). POST answers 202; the connector and the HTTP action poll Location until this 200', schema: ref('Call') };
const bodyErrors = { 413: problem('Body larger than 1 MiB'), 415: problem('Body is not application/json') };
const graphRefused = problem('Graph refused the request (graphStatus, graphErrorCode, graphRequestId; 403 7503: calling is not enabled on the bot)');

/** The bot's calls: join a meeting or call people, the call resource, hang up, list; invite by meeting link. */
export const callOperations: Record<string, Record<string, JsonSchema>> = {
  '/calls': {
    post: {
      operationId: 'JoinMeeting',
      summary: 'Join a meeting',
      description: 'Puts the bot into a Teams meeting from its join link (or meeting id and passcode), or calls people (targets). Joining a meeting the bot is in answers with that call; the same request again answers the same call.',
      consumes: json,
      produces: json,
      parameters: [idempotencyKey, { name: 'body', in: 'body', required: true, schema: ref('CallRequest'), description: 'A join link, a meeting id, or people to call', 'x-ms-summary': 'Call' }],
      responses: {
        200: finalCall,
        202: { description: 'Accepted: poll Location until it answers 200. The body is the Call, establishing', headers: callHeaders },
        ...errors,
        400: problem('The request is not valid, or the link cannot be joined: reason names it (consumer, notTeams, badThread, badContext, badTenant, badMeetingId, tenantNotAllowed, ...)'),
        403: graphRefused,
        409: problem('This clientContext was used for a different call'),
        ...bodyErrors,
        502: problem('Graph refused the call, or did not say whether it placed it (call-outcome-unknown: check ListCalls)'),
      },
    },
    get: {
      operationId: 'ListCalls',
      summary: "List the bot's calls",
      description: 'The calls the bot is in now (placed, joined or answered, not terminated), oldest first. Reads the open calls only, never the history.',
      produces: json,
      parameters: [{ name: 'state', in: 'query', required: false, type: 'string', enum: ['active'], default: 'active', description: 'Only active calls are listed', 'x-ms-summary': 'State', 'x-ms-visibility': 'advanced' }],
      responses: { 200: { description: 'The active calls', schema: ref('CallList') }, 400: errors[400], ...authErrors, 500: errors[500], 503: errors[503] },
    },
  },
  '/calls/{callId}': {
    get: {
      operationId: 'GetCall',
      summary: 'Get a call of the bot',
      description: 'The Location of a join. Answers 202 while the call is establishing or the bot waits in the lobby, and 200 once it is established, ended or failed.',
      produces: json,
      parameters: [callIdParameter],
      responses: { 200: finalCall, 202: { description: 'Still being set up: ask again after Retry-After. The body is the Call', headers: callHeaders }, ...errors },
    },
    delete: {
      operationId: 'HangUp',
      summary: 'Hang up',
      description: "The bot leaves the call (Graph's call delete). Open invitations in it end with reason callEnded once Graph's notification arrives; repeating it answers the same.",
      produces: json,
      parameters: [callIdParameter],
      responses: { 200: { description: 'Hung up: the Call, reason requested (terminated once Graph says so)', schema: ref('Call') }, ...errors, 502: graphRefused },
    },
  },
  '/meetings/invite': {
    post: {
      operationId: 'InviteIntoMeeting',
      summary: 'Invite into a meeting by its link',
      description: 'Joins the meeting if the bot is not in it, then invites the participants once the call is established. Answers with the invitation, whose meetingJoin shows the join step.',
      consumes: json,
      produces: json,
      parameters: [idempotencyKey, { name: 'body', in: 'body', required: true, schema: ref('MeetingInviteRequest'), description: 'The meeting and who to invite', 'x-ms-summary': 'Meeting Invitation' }],
      responses: {
        200: { description: 'The outcome is known (the invite is answered, declined or timed out; or the bot never got in)', schema: ref('Invitation') },
        202: { description: 'Accepted: poll Location until it answers 200. The body is the Invitation', headers: invitationHeaders },
        ...errors,
        400: problem('The request is not valid, or the link cannot be joined (reason names it)'),
        403: graphRefused,
        409: problem('This clientContext was used for a different invite in this call'),
        ...bodyErrors,
        502: problem('Graph refused the join or the invite'),
      },
    },
  },
};
