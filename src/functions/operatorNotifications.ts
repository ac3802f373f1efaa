import { app } from '@azure/functions';
import { z } from 'zod';
import { withProblemResponses } from '../lib/httpHandler';
import { callIdSchema } from '../lib/inviteRequest';
import { replayDeadNotifications } from '../lib/replayService';
import { getServices } from '../lib/services';
import { parseWith, readJsonBody } from '../lib/validation';

const stateSchema = z.enum(['dead', 'pending', 'all']).default('dead');

// Operators (host admin key): see what could not be applied, and apply it again once fixed.
app.http('listNotificationInbox', {
  route: 'ops/notifications',
  methods: ['GET'],
  authLevel: 'admin',
  handler: withProblemResponses(async (request) => {
    const state = parseWith(stateSchema, request.query.get('state') ?? undefined, 'The state query parameter');
    const entries = await getServices().inbox.listInbox(state === 'all' ? {} : { dead: state === 'dead' });
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
  }),
});

app.http('replayNotificationInbox', {
  route: 'ops/notifications/replay',
  methods: ['POST'],
  authLevel: 'admin',
  handler: withProblemResponses(async (request) => {
    const hasBody = (request.headers.get('content-length') ?? '0') !== '0';
    const body = hasBody ? parseWith(z.strictObject({ callId: callIdSchema.optional() }), await readJsonBody(request), 'The body') : {};
    const report = await replayDeadNotifications(getServices(), body.callId);
    return { status: 200, jsonBody: report };
  }),
});
