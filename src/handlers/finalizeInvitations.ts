import type { InvocationContext, Timer } from '@azure/functions';
import { sweepInvitations } from '../lib/app/finalizeService';
import { getServices } from '../lib/app/services';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const { sent, finalized } = await sweepInvitations(await getServices(), context);
  if (sent > 0) context.warn('invitations sent that their request recorded but never sent', { sent });
  if (finalized > 0) context.info('invitations finalized after their deadline', { finalized });
}
