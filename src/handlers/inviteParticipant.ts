import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { parseInviteBody, graphCallIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { inviteParticipants } from '../lib/app/inviteService';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf, readJsonBody } from '../lib/http/validation';
import { invitationView } from '../lib/http/views';

export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const callId = parseWith(graphCallIdSchema, request.params.callId, 'The call id');
  const idempotencyHeader = request.headers.get('idempotency-key') ?? undefined;
  const idempotencyKey =
    idempotencyHeader === undefined ? undefined : parseWith(clientContextSchema, idempotencyHeader, 'The Idempotency-Key header');
  const body = parseInviteBody(await readJsonBody(request));
  const invitedBy = caller.caller;
  const { invitation } = await inviteParticipants(services, { callId, body, idempotencyKey, invitedBy }, withCaller(context, invitedBy));
  const view = invitationView(services.config, invitation, linkAccessOf(request, services.config.apiAuth.mode));
  return {
    status: 202,
    headers: { location: view.links.self, 'retry-after': String(services.config.statusRetryAfterSeconds) },
    jsonBody: view,
  };
});
