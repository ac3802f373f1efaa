import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { rosterView } from '../lib/http/views';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.read);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const { snapshot } = await services.calls.readCall(callId);
  if (!snapshot.call && snapshot.invitations.length === 0 && snapshot.roster.length === 0) {
    throw new NotFoundError(`Call ${callId}`);
  }
  return { status: 200, jsonBody: rosterView(services.config, snapshot) };
});
