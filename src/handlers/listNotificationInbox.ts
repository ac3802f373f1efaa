import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';

const stateSchema = z.enum(['dead', 'pending', 'all']).default('dead');

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.operate);
  const state = parseWith(stateSchema, request.query.get('state') ?? undefined, 'The state query parameter');
  const entries = await services.inbox.listInbox(state === 'all' ? {} : { dead: state === 'dead' });
  return {
    status: 200,
    jsonBody: {
      entries: entries.map((e) => ({
        callId: e.callId,
        id: e.rowKey,
        receivedAt: e.receivedAt,
        items: e.items.length,
        attempts: e.attempts,
        dead: e.dead,
        lastError: e.lastError ?? null,
      })),
    },
  };
});
