import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.timer('replayNotifications', {
  // Acknowledged notifications that could not be applied at once (storage outage) are applied here.
  schedule: '*/30 * * * * *',
  runOnStartup: false,
  handler: lazyHandler('replayNotifications'),
});
