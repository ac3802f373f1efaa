import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('invitationStatus', {
  route: 'calls/{callId}/invitations/{clientContext}',
  methods: ['GET'],
  authLevel: 'function',
  handler: lazyHandler('invitationStatus'),
});
