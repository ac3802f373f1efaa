import { z } from 'zod';
import { withProblemResponses, type HttpHandler } from '../lib/httpHandler';
import { callIdSchema } from '../lib/inviteRequest';
import { replayDeadNotifications } from '../lib/replayService';
import { getServices } from '../lib/services';
import { parseWith, readJsonBody } from '../lib/validation';

const bodySchema = z.strictObject({ callId: callIdSchema.optional() });

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const hasBody = (request.headers.get('content-length') ?? '0') !== '0';
  const body = hasBody ? parseWith(bodySchema, await readJsonBody(request), 'The body') : {};
  const report = await replayDeadNotifications(await getServices(), body.callId);
  return { status: 200, jsonBody: report };
});
