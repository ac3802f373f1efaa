import { app } from '@azure/functions';
import { loadedHandlers } from './lazyHandler';

/*
 * The host shutting down the worker (scale-in, a deployment, a restart) runs this: the bookkeeping
 * written behind its changes is written, deliveries in flight get a moment. A worker that served
 * nothing loads nothing.
 */
app.hook.appTerminate(async () => {
  const handlers = loadedHandlers();
  if (handlers) await (await handlers).drainOnShutdown();
});
