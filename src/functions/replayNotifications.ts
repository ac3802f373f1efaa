import { timerFunction } from './register';
// Acknowledged notifications that could not be applied at once (storage outage) are applied here.
timerFunction('replayNotifications', '*/30 * * * * *');
