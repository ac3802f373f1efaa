import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { deleteSubscription } from '../lib/app/subscriptionService';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionIdSchema } from '../lib/http/subscriptionSchemas';

/** 204 whether or not it still existed: Power Automate may call it twice. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const id = parseWith(subscriptionIdSchema, request.params.subscriptionId, 'The subscription id');
  await deleteSubscription(services, id, caller);
  return { status: 204 };
});
