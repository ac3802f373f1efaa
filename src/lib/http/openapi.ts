import { z } from 'zod';
import * as examples from './apiExamples';
import { healthSchema, inboxListSchema, invitationViewSchema, problemSchema, replayReportSchema, rosterViewSchema } from './apiSchemas';
import { inviteBodySchema } from '../graph/inviteRequest';
import { swaggerSchema, type JsonSchema } from './swaggerSchema';
import { callIdParameter, errors, problem, ref, retryAfter, asyncHeaders, type Operation } from './openapiCommon';
import { invitationOperations } from './openapiInvitations';

/*
 * The OpenAPI 2.0 (Swagger) definition, built from the schemas the handlers validate with and
 * answer with. Power Platform custom connectors import it; GET /api/openapi.json serves it, and
 * openapi/openapi.json in the repo is this document (a test keeps the two equal).
 */

const operations: Record<string, Record<string, Operation>> = {
  '/calls/{callId}/participants/invite': {
    post: {
      operationId: 'InviteParticipants',
      summary: 'Invite participants into a call',
      description: 'Invites Teams users, phone numbers, applications or guests into an active Graph call. Answers 202 with a Location to poll until the outcome is known.',
      consumes: ['application/json'],
      produces: ['application/json', 'application/problem+json'],
      parameters: [
        callIdParameter,
        {
          name: 'Idempotency-Key', in: 'header', required: false, type: 'string', maxLength: 256,
          description: 'Stands in for clientContext when the body has none: the same key returns the same invitation',
          'x-ms-summary': 'Idempotency key', 'x-ms-visibility': 'advanced',
        },
        { name: 'body', in: 'body', required: true, schema: ref('InviteRequest'), description: "Graph's invite body", 'x-ms-summary': 'Invitation' },
      ],
      responses: {
        202: { description: 'Accepted: poll Location until it answers 200', headers: asyncHeaders, schema: ref('Invitation'), examples: { 'application/json': examples.pendingInvitationExample } },
        ...errors,
        404: problem('Graph says the call does not exist or has ended'),
        409: problem('This clientContext was used for a different invite'),
        413: problem('Body larger than 1 MiB'),
        415: problem('Body is not application/json'),
        502: { ...problem('Graph refused the request (graphStatus, graphErrorCode, graphRequestId)'), examples: { 'application/problem+json': examples.graphProblemExample } },
      },
    },
  },
  ...invitationOperations,
  '/calls/{callId}/participants': {
    get: {
      operationId: 'GetCallRoster',
      summary: 'Get who is and was in a call',
      description: 'The stored roster: participants now and before, with join and leave times, removal reason and the invitation that brought them.',
      produces: ['application/json', 'application/problem+json'],
      parameters: [callIdParameter],
      responses: { 200: { description: 'The roster', schema: ref('Roster'), examples: { 'application/json': examples.rosterExample } }, ...errors },
    },
  },
  '/callback': {
    post: {
      operationId: 'ReceiveCallNotifications',
      summary: "Graph's notification callback",
      description: 'For Microsoft Graph only: commsNotifications authenticated by the bearer JWT Graph signs.',
      'x-ms-visibility': 'internal',
      security: [],
      consumes: ['application/json'],
      parameters: [{ name: 'body', in: 'body', required: true, schema: ref('Notifications'), 'x-ms-summary': 'Notifications' }],
      responses: { 202: { description: 'Applied, or recorded to be applied' }, 400: errors[400], 401: problem('Missing or invalid token'), 413: problem('Too large'), 415: problem('Not JSON'), 500: errors[500], 503: errors[503] },
    },
  },
  '/health': {
    get: {
      operationId: 'GetHealth', summary: 'Check configuration and storage', description: 'For probes and deployment checks; no secrets.',
      'x-ms-visibility': 'internal', security: [], produces: ['application/json'],
      responses: { 200: { description: 'Healthy', schema: ref('Health') }, 503: { description: 'Unhealthy', schema: ref('Health'), headers: retryAfter } },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'GetOpenApiDefinition', summary: 'This definition', description: 'The OpenAPI 2.0 definition of this API.',
      'x-ms-visibility': 'internal', security: [], produces: ['application/json'], responses: { 200: { description: 'OpenAPI 2.0 document' } },
    },
  },
  '/ops/notifications': {
    get: {
      operationId: 'ListNotificationInbox', summary: 'List unapplied notifications', description: 'Operators (admin key): pending or dead-lettered notifications.',
      'x-ms-visibility': 'internal', produces: ['application/json'],
      parameters: [{ name: 'state', in: 'query', required: false, type: 'string', enum: ['dead', 'pending', 'all'], default: 'dead', 'x-ms-summary': 'State', 'x-ms-visibility': 'advanced' }],
      responses: { 200: { description: 'Inbox entries', schema: ref('InboxList') }, 400: errors[400], 500: errors[500], 503: errors[503] },
    },
  },
  '/ops/notifications/replay': {
    post: {
      operationId: 'ReplayNotificationInbox', summary: 'Replay dead-lettered notifications', description: 'Operators (admin key): revive and apply dead entries, of one call or all.',
      'x-ms-visibility': 'internal', consumes: ['application/json'], produces: ['application/json'],
      parameters: [{ name: 'body', in: 'body', required: false, schema: { type: 'object', properties: { callId: { type: 'string' } }, additionalProperties: false }, 'x-ms-summary': 'Call' }],
      responses: { 200: { description: 'What was replayed', schema: ref('ReplayReport') }, 400: errors[400], 413: problem('Too large'), 415: problem('Not JSON'), 500: errors[500], 503: errors[503] },
    },
  },
};

export const notificationsSchema = z.object({ value: z.array(z.looseObject({})).max(1000) });

export function buildOpenApi(host = 'contoso-invites.azurewebsites.net', schemes: readonly string[] = ['https']): JsonSchema {
  return {
    swagger: '2.0',
    info: {
      title: 'Graph call invites',
      version: '1.0.0',
      description: 'Invite people into Microsoft Graph calls and learn what became of each invitation.',
    },
    host,
    basePath: '/api',
    schemes,
    consumes: ['application/json'],
    produces: ['application/json'],
    securityDefinitions: {
      functionKey: { type: 'apiKey', in: 'header', name: 'x-functions-key', description: 'Function key (or the host admin key for /ops)' },
    },
    security: [{ functionKey: [] }],
    paths: operations,
    definitions: {
      InviteRequest: swaggerSchema(inviteBodySchema, 'input', examples.inviteRequestExample),
      Invitation: swaggerSchema(invitationViewSchema, 'output'),
      Roster: swaggerSchema(rosterViewSchema, 'output'),
      Problem: swaggerSchema(problemSchema, 'output', examples.problemExample),
      Notifications: swaggerSchema(notificationsSchema, 'input'),
      Health: swaggerSchema(healthSchema, 'output'),
      InboxList: swaggerSchema(inboxListSchema, 'output'),
      ReplayReport: swaggerSchema(replayReportSchema, 'output'),
    },
  };
}
