import { NotFoundError } from '../lib/errors';
import { withProblemResponses, type HttpHandler } from '../lib/httpHandler';
import { callIdSchema } from '../lib/inviteRequest';
import { getServices } from '../lib/services';
import { parseWith } from '../lib/validation';
import { rosterView } from '../lib/views';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  const services = await getServices();
  const { snapshot } = await services.calls.readCall(callId);
  if (!snapshot.call && snapshot.invitations.length === 0 && snapshot.roster.length === 0) {
    throw new NotFoundError(`Call ${callId}`);
  }
  return { status: 200, jsonBody: rosterView(services.config, snapshot) };
});
