import { timerFunction } from './register';
// Daily, off-peak (UTC): calls unchanged for RETENTION_DAYS are deleted.
timerFunction('purgeIdleCalls', '0 17 3 * * *');
