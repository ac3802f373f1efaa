import { ForbiddenError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { holds, permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { readSubscription } from '../lib/app/subscriptionService';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionView } from '../lib/http/eventPayload';
import { subscriptionIdSchema } from '../lib/http/subscriptionSchemas';

export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request);
  if (!holds(caller, permissions.read) && !holds(caller, permissions.invite)) throw new ForbiddenError(permissions.read);
  const id = parseWith(subscriptionIdSchema, request.params.subscriptionId, 'The subscription id');
  return { status: 200, jsonBody: subscriptionView(services.config, await readSubscription(services, id, caller)) };
});
