import { callIdParameter, errors, json, ref } from './openapiCommon';
import type { JsonSchema } from './swaggerSchema';

/**
 * The call timeline. Its page (GET /calls/{callId}/view) is HTML for people, not an action, so it
 * is not in the definition (the connector validator accepts no text/html).
 */
export const timelineOperations: Record<string, Record<string, JsonSchema>> = {
  '/calls/{callId}/timeline': {
    get: {
      operationId: 'GetCallTimeline',
      summary: 'Get what happened in a call',
      description:
        'The call timeline, in order: invitations sent and their outcomes, who joined, waited in the lobby, muted and left, and the call states; at most 2,000 events per call (later ones are counted in truncated).',
      'x-ms-visibility': 'advanced',
      produces: json,
      parameters: [callIdParameter],
      responses: { 200: { description: 'The timeline', schema: ref('Timeline') }, ...errors },
    },
  },
};

/** Registered routes that are deliberately not in the definition. */
export const undocumentedRoutes = ['GET /api/calls/{callId}/view'];
