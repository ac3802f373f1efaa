import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { parsePlaceCallBody } from '../lib/graph/placeCallRequest';
import { clientContextSchema } from '../lib/graph/inviteRequest';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest, withCaller } from '../lib/app/authorizeRequest';
import { callTenant } from '../lib/app/callTenant';
import { placeCall } from '../lib/app/callService';
import { parseWith } from '../lib/errors/parseWith';
import { linkAccessOf, readJsonBody } from '../lib/http/validation';
import { callResponse } from '../lib/http/callResource';
import { readCallRecord } from '../lib/storage/callRecordRead';

/** POST /api/calls: join a meeting (link or id) or call people; 202 + Location of the call. */
export const handler: HttpHandler = withProblemResponses(async (request, context) => {
  const { services, caller } = await authorizeRequest(request, permissions.manage);
  const header = request.headers.get('idempotency-key') ?? undefined;
  const idempotencyKey = header === undefined ? undefined : parseWith(clientContextSchema, header, 'The Idempotency-Key header');
  const body = parsePlaceCallBody(await readJsonBody(request));
  const tenantId = callTenant(services.config, body.target, body.tenantId);
  const clientContext = body.clientContext ?? idempotencyKey;
  const { callId } = await placeCall(services, { target: body.target, tenantId, clientContext, createdBy: caller.caller }, withCaller(context, caller.caller));
  const at = services.now().toISOString();
  const call = (await readCallRecord(services.storage, callId)) ?? { callId, state: undefined, resultInfo: undefined, terminatedAt: undefined, createdAt: at, updatedAt: at };
  return callResponse(services.config, call, [], linkAccessOf(request, services.config.apiAuth.mode), true);
});
