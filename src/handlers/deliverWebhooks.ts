import type { InvocationContext, Timer } from '@azure/functions';
import { webhookPass } from '../lib/app/backgroundRun';
import { getServices } from '../lib/app/services';
import { passBudgetMs } from '../lib/app/shardPass';

/**
 * The daily safety net (src/functions/deliverWebhooks.ts); the fallback is the minute timer's
 * webhook job (backgroundRun.ts). A run is one of that job's passes: a batch of fan-out, one of due
 * deliveries, then the wake checks that were due. It starts nothing after this and waits on no
 * receiver past it: the bound of a minute timer's pass, well inside the host's functionTimeout
 * (2 min). What it did not reach waits for the minute timer, which the wake checks call.
 */
const runBudgetMs = passBudgetMs;

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const { events: fannedOut, report } = await webhookPass(services, context, Date.now() + runBudgetMs);
  if (fannedOut > 0 || report.delivered + report.failed + report.dead > 0) context.info('webhooks', { events: fannedOut, ...report });
}
