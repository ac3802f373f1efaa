import type { InvocationContext, Timer } from '@azure/functions';
import { deliverDue, fanOut } from '../lib/app/webhookDispatcher';
import { getServices } from '../lib/app/services';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const fannedOut = await fanOut(services);
  const report = await deliverDue(services, context);
  if (fannedOut > 0 || report.delivered + report.failed + report.dead > 0) context.info('webhooks', { events: fannedOut, ...report });
}
