import { httpFunction } from './register';
httpFunction('callRoster', { route: 'calls/{callId}/participants', methods: ['GET'], keyLevel: 'function' });
