import type { InvocationContext, Timer } from '@azure/functions';
import { replayPendingNotifications } from '../lib/app/replayService';
import { getServices } from '../lib/app/services';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await replayPendingNotifications(await getServices());
  if (report.calls > 0) context.info('replayed pending notifications', { ...report });
}
