import { app, output, trigger, type HttpMethod } from '@azure/functions';
import { lazyHandler } from './lazyHandler';
import type * as Handlers from '../handlers/index';
import { hostAuthLevel, registrationAuthMode, type HostAuthLevel } from '../lib/config/apiAuthMode';

/*
 * What app.http() and app.timer() register, with the bindings named (req/res, timer): unnamed
 * bindings are named by hashing their JSON with node:crypto, which costs cold start ~10 ms.
 */

type HttpHandlerName = { [K in keyof typeof Handlers]: Parameters<(typeof Handlers)[K]>[0] extends { url: string } ? K : never }[keyof typeof Handlers];
type TimerHandlerName = Exclude<keyof typeof Handlers, HttpHandlerName>;

/** API_AUTH_MODE, read once: in `entra` mode the app checks tokens and the host checks no keys. */
const mode = registrationAuthMode();

export function httpFunction(
  name: HttpHandlerName,
  /** `keyLevel`: the key the host asks for when keys are in use (API_AUTH_MODE functionKey or both). */
  options: { readonly route: string; readonly methods: HttpMethod[]; readonly keyLevel: HostAuthLevel },
): void {
  const authLevel = hostAuthLevel(options.keyLevel, mode);
  app.generic(name, {
    trigger: trigger.generic({ type: 'httpTrigger', name: 'req', route: options.route, methods: options.methods, authLevel }),
    return: output.http({ name: 'res' }),
    handler: lazyHandler(name) as (request: unknown, context: unknown) => Promise<unknown>,
  });
}

export function timerFunction(name: TimerHandlerName, schedule: string): void {
  app.generic(name, {
    trigger: trigger.generic({ type: 'timerTrigger', name: 'timer', schedule, runOnStartup: false }),
    handler: lazyHandler(name) as (timer: unknown, context: unknown) => Promise<unknown>,
  });
}
