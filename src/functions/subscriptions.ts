import { httpFunction } from './register';
// Webhook subscriptions: for bots (any events), and one per Power Automate trigger (one event each).
httpFunction('createSubscription', { route: 'subscriptions', methods: ['POST'], keyLevel: 'function' });
httpFunction('createTriggerSubscription', { route: 'subscriptions/triggers/{trigger}', methods: ['POST'], keyLevel: 'function' });
httpFunction('getSubscription', { route: 'subscriptions/{subscriptionId}', methods: ['GET'], keyLevel: 'function' });
// Power Automate calls it (the Location of the registration) when the flow is turned off or deleted.
httpFunction('deleteSubscription', { route: 'subscriptions/{subscriptionId}', methods: ['DELETE'], keyLevel: 'function' });
