import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { listActiveCalls } from '../lib/app/activeCallsService';
import { callPhase } from '../lib/domain/callPhase';
import { parseWith } from '../lib/errors/parseWith';
import { callView } from '../lib/http/callResource';
import type { CallList } from '../lib/http/callSchemas';
import { linkAccessOf } from '../lib/http/validation';

const stateSchema = z.literal('active', { message: 'only state=active is supported' }).default('active');

/** GET /api/calls?state=active: the calls the bot is in, from the open-calls index (never the history). */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.read);
  parseWith(stateSchema, request.query.get('state') ?? undefined, 'The state parameter');
  const access = linkAccessOf(request, services.config.apiAuth.mode);
  const calls = await listActiveCalls(services);
  const body: CallList = { value: calls.map((c) => callView(services.config, c, callPhase(c, []), access)) };
  return { status: 200, jsonBody: body };
});
