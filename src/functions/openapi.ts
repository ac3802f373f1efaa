import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('openapi', {
  route: 'openapi.json',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: lazyHandler('openapi'),
});
