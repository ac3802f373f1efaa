import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { readTimeline } from '../lib/storage/timelineStore';
import { isKnown, timelineView } from '../lib/http/timeline/timelineView';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.read);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const timeline = await readTimeline(services.storage, callId);
  if (!isKnown(timeline)) throw new NotFoundError(`Call ${callId}`);
  return { status: 200, jsonBody: timelineView(timeline) };
});
