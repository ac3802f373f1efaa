import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { requireInvitationReader } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { statusResponse } from '../lib/http/statusResponse';
import { linkAccessOf } from '../lib/http/validation';

/*
 * For callers that know only their clientContext: it travels in the query string, which the
 * front end does not decode before routing. The answer is the status resource itself, whose
 * Location and links.self are the id form.
 */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request);
  requireInvitationReader(caller);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const clientContext = parseWith(clientContextSchema, request.query.get('clientContext') ?? undefined, 'The clientContext query parameter');
  const stored = await services.invitations.getInvitation(callId, clientContext);
  return statusResponse(services.config, stored?.value, caller, `Invitation ${JSON.stringify(clientContext)} in call ${callId}`, linkAccessOf(request, services.config.apiAuth.mode));
});
