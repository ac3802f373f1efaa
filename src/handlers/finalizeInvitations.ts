import type { InvocationContext, Timer } from '@azure/functions';
import { runBackground } from '../lib/app/backgroundRun';
import { getServices } from '../lib/app/services';

/** The sweeps' wake-up (backgroundRun.ts): call deadlines, invitations, replay and the delivery fallback. */
export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await runBackground(await getServices(), context);
  if (report.hungUp > 0) context.warn('calls hung up: not established within CALL_ESTABLISH_TIMEOUT_SECONDS', { hungUp: report.hungUp });
  if (report.sent > 0) context.warn('invitations sent that their request recorded but never sent', { sent: report.sent });
  if (report.passes > 0) context.info('background work', { ...report });
}
