import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { graphCallIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { cancelInvitation } from '../lib/app/cancelService';
import { invitationBySegment } from '../lib/app/invitationLookup';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf } from '../lib/http/validation';
import { invitationView } from '../lib/http/views';

export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const callId = parseWith(graphCallIdSchema, request.params.callId, 'The call id');
  const segment = request.params.invitationId ?? '';
  const stored = await invitationBySegment(services, callId, segment);
  const invitation = await cancelInvitation(services, stored, caller, `Invitation ${segment} in call ${callId}`, withCaller(context, caller.caller));
  return { status: 200, jsonBody: invitationView(services.config, invitation, linkAccessOf(request, services.config.apiAuth.mode)) };
});
