import { timerFunction } from './register';
// Every 30 s: with the 120 s default deadline an unanswered invite ends within 150 s.
timerFunction('finalizeInvitations', '*/30 * * * * *');
