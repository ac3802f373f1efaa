import { httpFunction } from './register';
httpFunction('invitationStatus', { route: 'calls/{callId}/invitations/{clientContext}', methods: ['GET'], authLevel: 'function' });
