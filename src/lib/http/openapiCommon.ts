import type { JsonSchema } from './swaggerSchema';

/** Pieces the OpenAPI operations share (openapi.ts, openapiInvitations.ts). */
export type Operation = JsonSchema;
export const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
export const problem = (description: string) => ({ description, schema: ref('Problem') });
export const retryAfter = { 'Retry-After': { type: 'integer', description: 'Seconds to wait before asking again' } };
export const asyncHeaders = { Location: { type: 'string', description: 'Absolute URL of the invitation status resource' }, ...retryAfter };

export const errors = {
  400: problem('The request is not valid (problem+json says what is wrong)'),
  404: problem('No such call or invitation'),
  500: problem('Unexpected error; quote the invocation id from the detail'),
  503: { ...problem('Storage or Graph is unavailable; retry after Retry-After'), headers: retryAfter },
};

export const callIdParameter = {
  name: 'callId', in: 'path', required: true, type: 'string', maxLength: 128,
  description: 'The Graph call id (the active call the bot is in)', 'x-ms-summary': 'Call id', 'x-ms-visibility': 'important',
};
