import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { getServices } from '../lib/app/services';
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
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const segment = request.params.invitationId ?? '';
  const services = await getServices();
  const fromId = clientContextOfId(segment);
  let stored = fromId === undefined ? undefined : await services.invitations.getInvitation(callId, fromId);
  if (!stored) {
    const clientContext = parseWith(clientContextSchema, segment, 'The invitation id');
    stored = await services.invitations.getInvitation(callId, clientContext);
  }
  return statusResponse(services.config, stored?.value, `Invitation ${segment} in call ${callId}`, linkAccessOf(request));
});
