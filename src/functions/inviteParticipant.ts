import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('inviteParticipant', {
  route: 'calls/{callId}/participants/invite',
  methods: ['POST'],
  authLevel: 'function',
  handler: lazyHandler('inviteParticipant'),
});
