import { NotFoundError } from '../lib/errors/appError';
import { withProblemResponses, type HttpHandler } from '../lib/http/httpHandler';
import { permissions } from '../lib/auth/permissions';
import { authorizeRequest } from '../lib/app/authorizeRequest';
import { parseWith } from '../lib/errors/parseWith';
import { subscriptionView } from '../lib/http/eventPayload';
import { subscriptionIdSchema } from '../lib/http/subscriptionSchemas';

/** Operators, once the receiver is fixed: the subscription is active again and its dead deliveries are retried. */
export const handler: HttpHandler = withProblemResponses(async (request) => {
  const { services } = await authorizeRequest(request, permissions.operate);
  const id = parseWith(subscriptionIdSchema, request.params.subscriptionId, 'The subscription id');
  const found = await services.webhooks.getSubscription(id);
  if (!found) throw new NotFoundError(`Subscription ${id}`);
  const now = services.now().toISOString();
  const resumed = { ...found.subscription, status: 'active' as const, pausedAt: undefined, consecutiveFailures: 0, failingSince: undefined };
  // Its waiting deliveries are due again: the sweeps' timer must wake for them (backgroundRun.ts).
  await services.webhooks.wakeAt(services.now());
  await services.webhooks.saveSubscription(resumed);
  const dead = (await services.webhooks.deliveries({ state: 'dead' })).filter((d) => d.subscriptionId === id);
  for (const d of dead) await services.webhooks.saveDelivery({ ...d, state: 'pending', attempts: 0, firstAttemptAt: undefined, dueAt: now });
  return { status: 200, jsonBody: subscriptionView(services.config, resumed) };
});
