import type { InvocationContext, Timer } from '@azure/functions';
import { finalizeExpiredInvitations } from '../lib/app/finalizeService';
import { getServices } from '../lib/app/services';

export async function handler(_timer: Timer, context: InvocationContext): Promise<void> {
  const finalized = await finalizeExpiredInvitations(await getServices());
  if (finalized > 0) context.info('invitations finalized after their deadline', { finalized });
}
