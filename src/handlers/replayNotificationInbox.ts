import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { replayDeadNotifications } from '../lib/app/replayService';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { readJsonBody } from '../lib/http/validation';

const bodySchema = z.strictObject({ callId: callIdSchema.optional() });

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.operate);
  const hasBody = (request.headers.get('content-length') ?? '0') !== '0';
  const body = hasBody ? parseWith(bodySchema, await readJsonBody(request), 'The body') : {};
  const report = await replayDeadNotifications(services, body.callId);
  return { status: 200, jsonBody: report };
});
