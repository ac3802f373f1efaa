import { app } from '@azure/functions';
import { replayPendingNotifications } from '../lib/replayService';
import { getServices } from '../lib/services';

app.timer('replayNotifications', {
  // Acknowledged notifications that could not be applied at once (storage outage) are applied here.
  schedule: '*/30 * * * * *',
  runOnStartup: false,
  handler: async (_timer, context) => {
    const report = await replayPendingNotifications(getServices());
    if (report.calls > 0) context.info('replayed pending notifications', { ...report });
  },
});
