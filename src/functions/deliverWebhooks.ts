import { timerFunction } from './register';
// Fan-out and due deliveries alone. The fallback runs in finalizeInvitations' minute timer
// (backgroundRun.ts); this daily run is a safety net and a name operators can run by hand.
timerFunction('deliverWebhooks', '0 47 3 * * *');
