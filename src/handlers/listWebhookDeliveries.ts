import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';

const stateSchema = z.enum(['dead', 'pending']).default('dead');

/** Operators: dead-lettered (or pending) deliveries, without their payloads. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.operate);
  const state = parseWith(stateSchema, request.query.get('state') ?? undefined, 'The state query parameter');
  const deliveries = await services.webhooks.deliveries({ state });
  return {
    status: 200,
    jsonBody: {
      deliveries: deliveries.map((d) => ({
        subscriptionId: d.subscriptionId,
        eventId: d.eventId,
        type: d.type,
        state: d.state,
        attempts: d.attempts,
        firstAttemptAt: d.firstAttemptAt ?? null,
        dueAt: d.dueAt,
        lastError: d.lastError ?? null,
      })),
    },
  };
});
