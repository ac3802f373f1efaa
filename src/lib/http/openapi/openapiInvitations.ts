import { asyncHeaders, callIdParameter, errors, finalInvitation, json, pathParameter, problem, ref } from './openapiCommon';
import type { JsonSchema } from './swaggerSchema';

const invitationIdParameter = pathParameter(
  'invitationId',
  400,
  'The last segment of the Location (cc- and the base64url of the clientContext): only unreserved characters, because Azure decodes escapes such as %2F before routing. To find an invitation by its clientContext use GetInvitationByClientContext',
  'Invitation ID',
);

/** The invitation status resource: by id (the Location) and by clientContext (query string). */
export const invitationOperations: Record<string, Record<string, JsonSchema>> = {
  '/calls/{callId}/invitations/{invitationId}': {
    get: {
      operationId: 'GetInvitationStatus',
      summary: 'Get the outcome of an invitation',
      description: 'The Location of the invite answer. Answers 202 while the outcome is not known and 200 once it is (completed or failed, with the reason and Graph resultInfo).',
      produces: json,
      parameters: [callIdParameter, invitationIdParameter],
      responses: {
        200: finalInvitation,
        202: { description: 'Still ringing: ask again after Retry-After. The body is the Invitation, still running', headers: asyncHeaders },
        ...errors,
      },
    },
    delete: {
      operationId: 'CancelInvitation',
      summary: 'Cancel an invitation',
      description: "Cancels an invitation that is still ringing, through Graph's participant delete. It ends with outcome reason cancelled; repeating it answers the same. Only the caller who invited (or an operator) may cancel.",
      produces: json,
      parameters: [callIdParameter, invitationIdParameter],
      responses: {
        200: { description: 'Cancelled: the Invitation, outcome reason cancelled', schema: ref('Invitation') },
        ...errors,
        409: problem('The invitation has already finished (answered, declined, timed out), or Graph named no participant to cancel'),
        502: problem('Graph refused the delete (graphStatus, graphErrorCode, graphRequestId)'),
      },
    },
  },
  '/calls/{callId}/invitations': {
    get: {
      operationId: 'GetInvitationByClientContext',
      summary: 'Find an invitation by its clientContext',
      description: 'The same answer as GetInvitationStatus (200, or 202 with Location), for callers that know only the clientContext: any clientContext works in the query string.',
      produces: json,
      parameters: [
        callIdParameter,
        { name: 'clientContext', in: 'query', required: true, type: 'string', maxLength: 256, description: 'The clientContext (or Idempotency-Key) of the invite', 'x-ms-summary': 'Client Context', 'x-ms-visibility': 'important' },
      ],
      responses: {
        200: finalInvitation,
        202: { description: 'Still ringing: follow Location after Retry-After. The body is the Invitation, still running', headers: asyncHeaders },
        ...errors,
      },
    },
  },
};
