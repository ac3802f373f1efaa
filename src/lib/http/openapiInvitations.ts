import * as examples from './apiExamples';
import { asyncHeaders, callIdParameter, errors, ref, type Operation } from './openapiCommon';

/** The invitation status resource: by id (the Location) and by clientContext (query string). */
export const invitationOperations: Record<string, Record<string, Operation>> = {
  '/calls/{callId}/invitations/{invitationId}': {
    get: {
      operationId: 'GetInvitationStatus',
      summary: 'Get the outcome of an invitation',
      description: 'The Location of the invite answer. Answers 202 while the outcome is not known and 200 once it is (completed or failed, with the reason and Graph resultInfo).',
      produces: ['application/json', 'application/problem+json'],
      parameters: [
        callIdParameter,
        {
          name: 'invitationId', in: 'path', required: true, type: 'string',
          description: 'The last segment of the Location (cc- and the base64url of the clientContext). Only unreserved characters, because Azure decodes escapes such as %2F before routing; to find an invitation by its clientContext use GetInvitationByClientContext',
          'x-ms-summary': 'Invitation id', 'x-ms-visibility': 'important',
        },
      ],
      responses: {
        200: { description: 'The outcome is known', schema: ref('Invitation'), examples: { 'application/json': examples.invitationExample } },
        202: { description: 'Still ringing: ask again after Retry-After', headers: asyncHeaders, schema: ref('Invitation') },
        ...errors,
      },
    },
  },
  '/calls/{callId}/invitations': {
    get: {
      operationId: 'GetInvitationByClientContext',
      summary: 'Find an invitation by its clientContext',
      description: 'The same answer as GetInvitationStatus (200 or 202 with Location), for callers that know only the clientContext: any clientContext works in the query string.',
      produces: ['application/json', 'application/problem+json'],
      parameters: [
        callIdParameter,
        { name: 'clientContext', in: 'query', required: true, type: 'string', maxLength: 256, description: 'The clientContext (or Idempotency-Key) of the invite', 'x-ms-summary': 'Client context', 'x-ms-visibility': 'important' },
      ],
      responses: {
        200: { description: 'The outcome is known', schema: ref('Invitation') },
        202: { description: 'Still ringing: follow Location after Retry-After', headers: asyncHeaders, schema: ref('Invitation') },
        ...errors,
      },
    },
  },
};
