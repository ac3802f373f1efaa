import { httpFunction } from './register';
httpFunction('placeCall', { route: 'calls', methods: ['POST'], keyLevel: 'function' });
httpFunction('listCalls', { route: 'calls', methods: ['GET'], keyLevel: 'function' });
httpFunction('getCall', { route: 'calls/{callId}', methods: ['GET'], keyLevel: 'function' });
httpFunction('hangUpCall', { route: 'calls/{callId}', methods: ['DELETE'], keyLevel: 'function' });
httpFunction('inviteIntoMeeting', { route: 'meetings/invite', methods: ['POST'], keyLevel: 'function' });
