import { httpFunction } from './register';
// ?clientContext=...: the query string is not decoded before routing, so any clientContext works.
httpFunction('findInvitation', { route: 'calls/{callId}/invitations', methods: ['GET'], keyLevel: 'function' });
