import type { InvocationContext, Timer } from '@azure/functions';
import { replayPendingNotifications } from '../lib/app/replayService';
import { getServices } from '../lib/app/services';
import { settlePendingDepartures } from '../lib/app/settleService';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const report = await replayPendingNotifications(services);
  if (report.calls > 0) context.info('replayed pending notifications', { ...report });
  // Departures known only from absence, settled with Graph's participant list (settleService.ts).
  const settled = await settlePendingDepartures(services);
  if (settled.calls > 0) context.info('settled departures', { ...settled });
}
