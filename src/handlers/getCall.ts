import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { requireCallReader } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { callResponse } from '../lib/http/callResource';
import { linkAccessOf } from '../lib/http/validation';

/** GET /api/calls/{callId}: 202 while establishing or in the lobby, 200 once established or over. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request);
  requireCallReader(caller);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const { snapshot } = await services.calls.readCall(callId);
  if (!snapshot.call) throw new NotFoundError(`Call ${callId}`);
  return callResponse(services.config, snapshot.call, snapshot.roster, linkAccessOf(request, services.config.apiAuth.mode));
});
