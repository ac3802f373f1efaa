import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { callIdSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { hangUp } from '../lib/app/hangUpService';
import { parseWith } from '../lib/errors/parseWith';
import { callView } from '../lib/http/callResource';
import { callPhase } from '../lib/domain/callPhase';
import { linkAccessOf } from '../lib/http/validation';
import { readCallRecord } from '../lib/storage/callRecordRead';

/**
 * DELETE /api/calls/{callId}: the bot hangs up (Graph DELETE, 204); 200 with the call as it is now
 * (reason requested; terminated once Graph's notification arrives), also when it already had.
 */
export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.manage);
  const callId = parseWith(callIdSchema, request.params.callId, 'The call id');
  await hangUp(services, callId, 'requested', withCaller(context, caller.caller));
  const call = (await readCallRecord(services.storage, callId)) ?? { callId, state: undefined, resultInfo: undefined, terminatedAt: undefined, createdAt: '', updatedAt: '' };
  // 200, not 202 + Location: the hang-up itself is done (as for a removal).
  return { status: 200, jsonBody: callView(services.config, call, callPhase(call, []), linkAccessOf(request, services.config.apiAuth.mode)) };
});
