import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { hangUp } from '../lib/app/hangUpService';
import { parseWith } from '../lib/errors/parseWith';

/** DELETE /api/calls/{callId}: the bot hangs up (Graph DELETE); 204, also when it already had. */
export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.manage);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  await hangUp(services, callId, 'requested', withCaller(context, caller.caller));
  return { status: 204 };
});
