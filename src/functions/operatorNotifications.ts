import { httpFunction } from './register';
// Operators (Operations.Admin; the host's admin key where keys are used): see what could not be
// applied, and apply it again once fixed.
httpFunction('listNotificationInbox', { route: 'ops/notifications', methods: ['GET'], keyLevel: 'admin' });

httpFunction('replayNotificationInbox', { route: 'ops/notifications/replay', methods: ['POST'], keyLevel: 'admin' });
