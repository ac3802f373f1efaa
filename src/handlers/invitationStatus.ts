import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { isTerminal } from '../lib/domain/invitation';
import { callIdSchema, clientContextSchema } from '../lib/graph/inviteRequest';
import { getServices } from '../lib/app/services';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf } from '../lib/http/validation';
import { invitationView } from '../lib/http/views';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const clientContext = parseWith(clientContextSchema, request.params.clientContext, 'The clientContext');
  const services = await getServices();
  const stored = await services.invitations.getInvitation(callId, clientContext);
  if (!stored) throw new NotFoundError(`Invitation ${clientContext} in call ${callId}`);
  const view = invitationView(services.config, stored.value, linkAccessOf(request));
  if (isTerminal(stored.value.status)) return { status: 200, jsonBody: view };
  // The asynchronous request-reply pattern: 202 + Location + Retry-After until the outcome is known.
  return {
    status: 202,
    headers: { location: view.links.self, 'retry-after': String(services.config.statusRetryAfterSeconds) },
    jsonBody: view,
  };
});
