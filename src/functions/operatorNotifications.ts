import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

// Operators (host admin key): see what could not be applied, and apply it again once fixed.
app.http('listNotificationInbox', {
  route: 'ops/notifications',
  methods: ['GET'],
  authLevel: 'admin',
  handler: lazyHandler('listNotificationInbox'),
});

app.http('replayNotificationInbox', {
  route: 'ops/notifications/replay',
  methods: ['POST'],
  authLevel: 'admin',
  handler: lazyHandler('replayNotificationInbox'),
});
