import { app } from '@azure/functions';
import { finalizeExpiredInvitations } from '../lib/finalizeService';
import { getServices } from '../lib/services';

app.timer('finalizeInvitations', {
  // Every 30 s: with the 120 s default deadline an unanswered invite ends within 150 s.
  schedule: '*/30 * * * * *',
  runOnStartup: false,
  handler: async (_timer, context) => {
    const finalized = await finalizeExpiredInvitations(getServices());
    if (finalized > 0) context.info('invitations finalized after their deadline', { finalized });
  },
});
