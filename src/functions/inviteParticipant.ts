import { httpFunction } from './register';
httpFunction('inviteParticipant', { route: 'calls/{callId}/participants/invite', methods: ['POST'], keyLevel: 'function' });
