import { timerFunction } from './register';
// Every 10 s: fans the outbox's events out to subscriptions and attempts what is due (bounded per run).
timerFunction('deliverWebhooks', '*/10 * * * * *');
