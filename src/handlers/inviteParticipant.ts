import { withProblemResponses, type HttpHandler } from '../lib/httpHandler';
import { parseInviteBody, callIdSchema, clientContextSchema } from '../lib/inviteRequest';
import { inviteParticipants } from '../lib/inviteService';
import { getServices } from '../lib/services';
import { linkAccessOf, parseWith, readJsonBody } from '../lib/validation';
import { invitationView } from '../lib/views';

export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const idempotencyHeader = request.headers.get('idempotency-key') ?? undefined;
  const idempotencyKey =
    idempotencyHeader === undefined ? undefined : parseWith(clientContextSchema, idempotencyHeader, 'The Idempotency-Key header');
  const body = parseInviteBody(await readJsonBody(request));
  const services = await getServices();
  const { invitation } = await inviteParticipants(services, callId, body, idempotencyKey, context);
  const view = invitationView(services.config, invitation, linkAccessOf(request));
  return {
    status: 202,
    headers: { location: view.links.self, 'retry-after': String(services.config.statusRetryAfterSeconds) },
    jsonBody: view,
  };
});
