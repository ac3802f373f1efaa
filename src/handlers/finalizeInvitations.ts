import type { InvocationContext, Timer } from '@azure/functions';
import { finalizeExpiredInvitations, sendNeverTried } from '../lib/app/finalizeService';
import { getServices } from '../lib/app/services';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const services = await getServices();
  const sent = await sendNeverTried(services, context);
  if (sent > 0) context.warn('invitations sent that their request recorded but never sent', { sent });
  const finalized = await finalizeExpiredInvitations(services);
  if (finalized > 0) context.info('invitations finalized after their deadline', { finalized });
}
