import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { resumeSubscription } from '../lib/app/subscriptionService';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionView } from '../lib/http/eventPayload';
import { subscriptionIdSchema } from '../lib/http/subscriptionSchemas';

/** Operators, once the receiver is fixed: the subscription is active again and its dead deliveries are retried. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request, permissions.operate);
  const id = parseWith(subscriptionIdSchema, request.params.subscriptionId, 'The subscription id');
  const resumed = await resumeSubscription(services, id, caller);
  return { status: 200, jsonBody: subscriptionView(services.config, resumed) };
});
