import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { createSubscription } from '../lib/app/subscriptionService';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionView } from '../lib/http/eventPayload';
import { subscriptionRequestSchema } from '../lib/http/subscriptionSchemas';
import { readJsonBody } from '../lib/http/validation';

/** 201 with Location (Power Automate deletes that URL when the flow is turned off) and the secret, once. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const body = parseWith(subscriptionRequestSchema, await readJsonBody(request), 'The body');
  const { subscription, secret } = await createSubscription(services, body, caller);
  const view = subscriptionView(services.config, subscription, secret);
  return { status: 201, headers: { location: view.links.self }, jsonBody: view };
});
