import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { parseInviteBody, callIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { inviteParticipants } from '../lib/app/inviteService';
import { getServices } from '../lib/app/services';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf, readJsonBody } from '../lib/http/validation';
import { invitationView } from '../lib/http/views';

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
