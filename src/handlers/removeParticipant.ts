import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { graphCallIdSchema, participantIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { removeParticipant } from '../lib/app/removeService';
import { parseWith } from '../lib/errors/parseWith';
import { rosterUrl } from '../lib/http/views';
import { linkAccessOf } from '../lib/http/validation';
import type { RemovalView } from '../lib/http/apiSchemas';

export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const callId = parseWith(graphCallIdSchema, request.params.callId, 'The call id');
  const participantId = parseWith(participantIdSchema, request.params.participantId, 'The participant id');
  const { graphRequestId } = await removeParticipant(services, callId, participantId, withCaller(context, caller.caller));
  const roster = rosterUrl(services.config, callId, linkAccessOf(request, services.config.apiAuth.mode));
  const view: RemovalView = { callId, participantId, status: 'removalRequested', graphRequestId: graphRequestId ?? null, links: { roster } };
  // 200, not 202 + Location: Power Automate would poll a Location; the removal itself is done.
  return { status: 200, jsonBody: view };
});
