import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { requireInvitationReader } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { clientContextOfId } from '../lib/http/invitationId';
import { statusResponse } from '../lib/http/statusResponse';
import { linkAccessOf } from '../lib/http/validation';

/*
 * The segment is the invitation id of our Location headers. Locations issued before ids existed
 * carry the clientContext itself; those keep working (a segment that is no id of a stored
 * invitation is read as a clientContext), as far as the front end lets them through.
 */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request);
  requireInvitationReader(caller);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const segment = request.params.invitationId ?? '';
  const fromId = clientContextOfId(segment);
  let stored = fromId === undefined ? undefined : await services.invitations.getInvitation(callId, fromId);
  if (!stored) {
    const clientContext = parseWith(clientContextSchema, segment, 'The invitation id');
    stored = await services.invitations.getInvitation(callId, clientContext);
  }
  return statusResponse(services.config, stored?.value, caller, `Invitation ${segment} in call ${callId}`, linkAccessOf(request, services.config.apiAuth.mode));
});
