import { app, output, trigger, type HttpMethod } from '@azure/functions';
import { lazyHandler } from './lazyHandler';
import type * as Handlers from '../handlers/index';

/*
 * What app.http() and app.timer() register, with the bindings named (req/res, timer): unnamed
 * bindings are named by hashing their JSON with node:crypto, which costs cold start ~10 ms.
 */

type HttpHandlerName = { [K in keyof typeof Handlers]: Parameters<(typeof Handlers)[K]>[0] extends { url: string } ? K : never }[keyof typeof Handlers];
type TimerHandlerName = Exclude<keyof typeof Handlers, HttpHandlerName>;

export function httpFunction(
  name: HttpHandlerName,
  options: { readonly route: string; readonly methods: HttpMethod[]; readonly authLevel: 'anonymous' | 'function' | 'admin' },
): void {
  app.generic(name, {
    trigger: trigger.generic({ type: 'httpTrigger', name: 'req', route: options.route, methods: options.methods, authLevel: options.authLevel }),
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
