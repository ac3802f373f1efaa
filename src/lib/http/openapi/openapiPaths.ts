import * as examples from './apiExamples';
import { asyncHeaders, authErrors, callIdParameter, errors, finalInvitation, json, pathParameter, problem, ref, retryAfter } from './openapiCommon';
import { invitationOperations } from './openapiInvitations';
import { callOperations } from './openapiCalls';
import { subscriptionOperations } from './openapiSubscriptions';
import { timelineOperations } from './openapiTimeline';
import type { JsonSchema } from './swaggerSchema';

/*
 * The operations of the OpenAPI definition, written for Power Platform's connector validator
 * (test/unit/http/openapi/connectorRules.test.ts names its rules): one MIME type the validator accepts
 * (application/json; errors are still sent as application/problem+json, which is JSON), one
 * successful response with a schema per operation (the designer shows only one as outputs), path
 * parameters encoded once, and Title Case x-ms-summary on everything a maker sees.
 */

export const operations: Record<string, Record<string, JsonSchema>> = {
  '/calls/{callId}/participants/invite': {
    post: {
      operationId: 'InviteParticipants',
      summary: 'Invite participants into a call',
      description: 'Invites Teams users, phone numbers, applications or guests into an active Graph call, and waits for the outcome.',
      consumes: json,
      produces: json,
      parameters: [
        callIdParameter,
        {
          name: 'Idempotency-Key', in: 'header', required: false, type: 'string', maxLength: 256,
          description: 'Stands in for clientContext when the body has none: the same key returns the same invitation',
          'x-ms-summary': 'Idempotency Key', 'x-ms-visibility': 'advanced',
        },
        { name: 'body', in: 'body', required: true, schema: ref('InviteRequest'), description: "Graph's invite body", 'x-ms-summary': 'Invitation' },
      ],
      responses: {
        200: finalInvitation,
        202: { description: 'Accepted: poll Location until it answers 200. The body is the Invitation, still running', headers: asyncHeaders, examples: { 'application/json': examples.pendingInvitationExample } },
        ...errors,
        404: problem('Graph says the call does not exist or has ended'),
        409: problem('This clientContext was used for a different invite'),
        413: problem('Body larger than 1 MiB'),
        415: problem('Body is not application/json'),
        502: { ...problem('Graph refused the request (graphStatus, graphErrorCode, graphRequestId)'), examples: { 'application/json': examples.graphProblemExample } },
      },
    },
  },
  ...invitationOperations,
  ...callOperations,
  '/calls/{callId}/participants': {
    get: {
      operationId: 'GetCallRoster',
      summary: 'Get who is and was in a call',
      description: 'The stored roster: participants now and before, with join and leave times, removal reason and the invitation that brought them.',
      produces: json,
      parameters: [callIdParameter],
      responses: { 200: { description: 'The roster', schema: ref('Roster'), examples: { 'application/json': examples.rosterExample } }, ...errors },
    },
  },
  '/calls/{callId}/participants/{participantId}': {
    delete: {
      operationId: 'RemoveParticipant',
      summary: 'Remove a participant',
      description: "Removes a participant from the call through Graph's participant delete. The roster shows the departure when Graph's notification arrives.",
      produces: json,
      parameters: [callIdParameter, pathParameter('participantId', 128, "The participant's id, from the roster", 'Participant ID')],
      responses: {
        200: { description: "Graph accepted the removal (204); the roster (links.roster) shows it once Graph's notification arrives", schema: ref('Removal') },
        ...errors,
        502: problem('Graph refused the delete (graphStatus, graphErrorCode, graphRequestId)'),
      },
    },
  },
  ...subscriptionOperations,
  ...timelineOperations,
  '/callback': {
    post: {
      operationId: 'ReceiveCallNotifications',
      summary: 'Receive Graph call notifications',
      description: 'For Microsoft Graph only: commsNotifications authenticated by the bearer JWT Graph signs.',
      'x-ms-visibility': 'internal',
      security: [],
      consumes: json,
      produces: json,
      parameters: [{ name: 'body', in: 'body', required: true, schema: ref('Notifications'), 'x-ms-summary': 'Notifications' }],
      responses: { 202: { description: 'Applied, or recorded to be applied (no body)' }, 400: errors[400], 401: problem('Missing or invalid token'), 413: problem('Too large'), 415: problem('Not JSON'), 500: errors[500], 503: errors[503] },
    },
  },
  '/health': {
    get: {
      operationId: 'GetHealth', summary: 'Check configuration and storage', description: 'For probes and deployment checks; no secrets.',
      'x-ms-visibility': 'internal', security: [], produces: json,
      responses: { 200: { description: 'Healthy', schema: ref('Health') }, 503: { description: 'Unhealthy; the body is the same Health document', headers: retryAfter } },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'GetOpenApiDefinition', summary: 'Get this API definition', description: 'The OpenAPI 2.0 definition of this API.',
      'x-ms-visibility': 'internal', security: [], produces: json, responses: { 200: { description: 'OpenAPI 2.0 document' } },
    },
  },
  '/ops/notifications': {
    get: {
      operationId: 'ListNotificationInbox', summary: 'List unapplied notifications', description: 'Operators (Operations.Admin, or the host admin key): pending or dead-lettered notifications.',
      'x-ms-visibility': 'internal', produces: json,
      parameters: [{ name: 'state', in: 'query', required: false, type: 'string', enum: ['dead', 'pending', 'all'], default: 'dead', 'x-ms-summary': 'State', 'x-ms-visibility': 'advanced' }],
      responses: { 200: { description: 'Inbox entries', schema: ref('InboxList') }, 400: errors[400], ...authErrors, 500: errors[500], 503: errors[503] },
    },
  },
  '/ops/notifications/replay': {
    post: {
      operationId: 'ReplayNotificationInbox', summary: 'Replay dead-lettered notifications', description: 'Operators (Operations.Admin, or the host admin key): revive and apply dead entries, of one call or all.',
      'x-ms-visibility': 'internal', consumes: json, produces: json,
      parameters: [{ name: 'body', in: 'body', required: false, schema: { type: 'object', properties: { callId: { type: 'string', 'x-ms-summary': 'Call ID' } }, additionalProperties: false }, 'x-ms-summary': 'Call' }],
      responses: { 200: { description: 'What was replayed', schema: ref('ReplayReport') }, 400: errors[400], ...authErrors, 413: problem('Too large'), 415: problem('Not JSON'), 500: errors[500], 503: errors[503] },
    },
  },
};
