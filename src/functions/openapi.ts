import { httpFunction } from './register';
httpFunction('openapi', { route: 'openapi.json', methods: ['GET'], keyLevel: 'anonymous' });
