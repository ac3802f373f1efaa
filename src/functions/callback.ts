import { app } from '@azure/functions';
import { lazyHandler } from '../lib/lazyHandler';

app.http('callback', {
  route: 'callback',
  methods: ['POST'],
  // Graph cannot send a function key; every request carries a JWT that is verified first.
  authLevel: 'anonymous',
  handler: lazyHandler('callback'),
});
