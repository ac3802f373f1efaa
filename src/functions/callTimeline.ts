import { httpFunction } from './register';
// What happened in a call, in order (Calls.Read): the timeline's events as JSON...
httpFunction('callTimeline', { route: 'calls/{callId}/timeline', methods: ['GET'], keyLevel: 'function' });
// ...and drawn as a page.
httpFunction('callView', { route: 'calls/{callId}/view', methods: ['GET'], keyLevel: 'function' });
