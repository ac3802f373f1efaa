import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { requireInvitationReader } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { invitationBySegment } from '../lib/app/invitationLookup';
import { parseWith } from '../lib/errors/parseWith';
import { statusResponse } from '../lib/http/statusResponse';
import { linkAccessOf } from '../lib/http/validation';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request);
  requireInvitationReader(caller);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const segment = request.params.invitationId ?? '';
  const stored = await invitationBySegment(services, callId, segment);
  return statusResponse(services.config, stored?.value, caller, `Invitation ${segment} in call ${callId}`, linkAccessOf(request, services.config.apiAuth.mode));
});
