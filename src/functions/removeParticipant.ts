import { httpFunction } from './register';
// Removes a participant through Graph's participant: delete; the roster shows it when Graph says so.
httpFunction('removeParticipant', { route: 'calls/{callId}/participants/{participantId}', methods: ['DELETE'], keyLevel: 'function' });
