import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { timelinePicture } from '../lib/domain/timelineLanes';
import { readTimeline } from '../lib/storage/timelineStore';
import { pageSecurityHeaders, timelinePage } from '../lib/http/timeline/timelinePage';
import { isKnown, timelineView } from '../lib/http/timeline/timelineView';

/** The call timeline drawn as one HTML page; authorized like the timeline itself (Calls.Read). */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.read);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const timeline = await readTimeline(services.storage, callId);
  if (!isKnown(timeline)) throw new NotFoundError(`Call ${callId}`);
  const body = timelinePage(timelineView(timeline), timelinePicture(timeline.events), services.now());
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...pageSecurityHeaders }, body };
});
