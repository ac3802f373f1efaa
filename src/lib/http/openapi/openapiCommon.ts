import * as examples from './apiExamples';

/** Pieces the OpenAPI operations share (openapiPaths.ts, openapiInvitations.ts). */
export const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
export const json = ['application/json'];
// Error bodies are RFC 9457 problem documents (definitions/Problem); no schema here, so the
// designer keeps the success schema as the action's outputs.
export const problem = (description: string) => ({ description: `${description}. The body is a Problem document.` });
export const retryAfter = { 'Retry-After': { type: 'integer', description: 'Seconds to wait before asking again' } };
export const asyncHeaders = { Location: { type: 'string', description: 'Absolute URL of the invitation status resource' }, ...retryAfter };

/** Caller authentication (lib/auth): 401 with a Bearer challenge, 403 naming the missing role. */
export const authErrors = {
  401: { ...problem('No valid bearer token (or, where keys are used, function key); WWW-Authenticate says why'), headers: { 'WWW-Authenticate': { type: 'string', description: 'Bearer challenge (RFC 6750)' } } },
  403: problem('The token lacks the app role or delegated scope this operation needs (requiredRole names it)'),
};

export const errors = {
  400: problem('The request is not valid (the problem document says what is wrong)'),
  ...authErrors,
  404: problem('No such call or invitation'),
  500: problem('Unexpected error; quote the invocation id from the detail'),
  503: { ...problem('Storage or Graph is unavailable; retry after Retry-After'), headers: retryAfter },
};

export const pathParameter = (name: string, maxLength: number, description: string, summary: string) => ({
  name, in: 'path', required: true, type: 'string', maxLength, description,
  'x-ms-summary': summary, 'x-ms-visibility': 'important', 'x-ms-url-encoding': 'single',
});
export const callIdParameter = pathParameter('callId', 128, 'The Graph call id (the active call the bot is in)', 'Call ID');

export const finalInvitation = {
  description: 'The outcome is known. The invite itself answers 202; the connector and the HTTP action poll Location until this 200, whose fields are the action\'s outputs',
  schema: ref('Invitation'),
  examples: { 'application/json': examples.invitationExample },
};

