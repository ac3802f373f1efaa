import type { InvocationContext, Timer } from '@azure/functions';
import { deliverDue, fanOut } from '../lib/app/webhookDispatcher';
import { getServices } from '../lib/app/services';

/**
 * A run starts nothing after this and waits on no receiver past it, so it ends within its 10-second
 * interval (src/functions/deliverWebhooks.ts); what it did not reach waits for the next run.
 */
const runBudgetMs = 8_000;

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const deadline = Date.now() + runBudgetMs;
  const fannedOut = await fanOut(services, deadline);
  const report = await deliverDue(services, context, deadline);
  if (fannedOut > 0 || report.delivered + report.failed + report.dead > 0) context.info('webhooks', { events: fannedOut, ...report });
}
