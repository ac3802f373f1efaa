import { httpFunction } from './register';
// Cancels a still-open invitation through Graph's participant: delete (same route as its status).
httpFunction('cancelInvitation', { route: 'calls/{callId}/invitations/{invitationId}', methods: ['DELETE'], keyLevel: 'function' });
