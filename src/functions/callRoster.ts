import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('callRoster', {
  route: 'calls/{callId}/participants',
  methods: ['GET'],
  authLevel: 'function',
  handler: lazyHandler('callRoster'),
});
