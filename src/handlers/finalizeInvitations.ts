import type { InvocationContext, Timer } from '@azure/functions';
import { runBackground } from '../lib/app/backgroundRun';
import { getServices } from '../lib/app/services';

/** The sweeps' wake-up (backgroundRun.ts): invitations, replay and the delivery fallback. */
export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await runBackground(await getServices(), context);
  if (report.sent > 0) context.warn('invitations sent that their request recorded but never sent', { sent: report.sent });
  if (report.passes > 0) context.info('background work', { ...report });
}
