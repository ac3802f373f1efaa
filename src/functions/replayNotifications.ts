import { timerFunction } from './register';
// The replay sweep alone. Its work runs in finalizeInvitations' minute timer (backgroundRun.ts);
// this daily run is a safety net and a name operators can run by hand (admin/functions/...).
timerFunction('replayNotifications', '0 37 3 * * *');
