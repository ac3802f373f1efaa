import type { InvocationContext, Timer } from '@azure/functions';
import { purgeIdleCalls } from '../lib/storage/retention';
import { getServices } from '../lib/app/services';

const dayMs = 24 * 60 * 60 * 1000;

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const now = services.now();
  const cutoff = new Date(now.getTime() - services.config.retentionDays * dayMs);
  const report = await purgeIdleCalls(services.storage, services.sweeps, now, cutoff);
  if (report.calls > 0) context.info('idle calls purged', { ...report, cutoff: cutoff.toISOString() });
}
