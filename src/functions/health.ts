import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('health', {
  route: 'health',
  methods: ['GET'],
  // For load balancers and deployment checks: says what is wrong, never a secret.
  authLevel: 'anonymous',
  handler: lazyHandler('health'),
});
