import { timerFunction } from './register';
// Every minute: the sweeps' wake-up. Idle, one storage request; with open work, passes every 10 s
// for SWEEP_RUN_SECONDS (invitations, replay, webhook fallback), so an unanswered invite ends
// within 30 s of its deadline (150 s with the 120 s default).
timerFunction('finalizeInvitations', '0 * * * * *');
