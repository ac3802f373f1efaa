import { httpFunction } from './register';
// {invitationId}: base64url of the clientContext (see lib/http/invitationId), or an old clientContext.
httpFunction('invitationStatus', { route: 'calls/{callId}/invitations/{invitationId}', methods: ['GET'], keyLevel: 'function' });
