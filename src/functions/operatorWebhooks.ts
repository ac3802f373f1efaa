import { httpFunction } from './register';
// Operators (Operations.Admin): dead-lettered deliveries, and resuming a paused subscription.
httpFunction('listWebhookDeliveries', { route: 'ops/webhooks/deliveries', methods: ['GET'], keyLevel: 'admin' });
httpFunction('resumeSubscription', { route: 'ops/webhooks/subscriptions/{subscriptionId}/resume', methods: ['POST'], keyLevel: 'admin' });
