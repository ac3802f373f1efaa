import { httpFunction } from './register';
// For load balancers and deployment checks: says what is wrong, never a secret.
httpFunction('health', { route: 'health', methods: ['GET'], keyLevel: 'anonymous' });
