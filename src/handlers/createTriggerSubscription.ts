import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { createSubscription } from '../lib/app/subscriptionService';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionView } from '../lib/http/eventPayload';
import { triggerNames, triggerRequestSchema } from '../lib/http/subscriptionSchemas';
import { readJsonBody } from '../lib/http/validation';

/** A Power Automate trigger's registration: one event per trigger, the flow's callback URL. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services, caller } = await authorizeRequest(request, permissions.invite);
  const trigger = request.params.trigger ?? '';
  if (!Object.hasOwn(triggerNames, trigger)) throw new NotFoundError(`Trigger ${trigger}`);
  const event = triggerNames[trigger as keyof typeof triggerNames];
  const body = parseWith(triggerRequestSchema, await readJsonBody(request), 'The body');
  const { subscription, secret } = await createSubscription(services, { ...body, events: [event] }, caller);
  const view = subscriptionView(services.config, subscription, secret);
  return { status: 201, headers: { location: view.links.self }, jsonBody: view };
});
