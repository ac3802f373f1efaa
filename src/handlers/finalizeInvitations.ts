import type { InvocationContext, Timer } from '@azure/functions';
import { sweepInvitations } from '../lib/app/finalizeService';
import { getServices } from '../lib/app/services';
import { sweepCallDeadlines } from '../lib/app/hangUpService';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  // Calls not established in time (the bot left waiting in a lobby) are hung up first.
  const hungUp = await sweepCallDeadlines(services, context);
  if (hungUp > 0) context.warn('calls hung up: not established within CALL_ESTABLISH_TIMEOUT_SECONDS', { hungUp });
  const { sent, finalized } = await sweepInvitations(services, context);
  if (sent > 0) context.warn('invitations sent that their request recorded but never sent', { sent });
  if (finalized > 0) context.info('invitations finalized after their deadline', { finalized });
}
