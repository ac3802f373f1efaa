import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.timer('finalizeInvitations', {
  // Every 30 s: with the 120 s default deadline an unanswered invite ends within 150 s.
  schedule: '*/30 * * * * *',
  runOnStartup: false,
  handler: lazyHandler('finalizeInvitations'),
});
