import type * as Handlers from '../handlers/index';

type HandlerName = keyof typeof Handlers;
type AnyHandler = (...args: never[]) => Promise<unknown>;
let handlers: Promise<typeof Handlers> | undefined;

/**
 * Registration at cold start loads only @azure/functions and the function stubs. The functions'
 * code (zod, the Azure SDKs, jose...) loads on the first invocation, once per process.
 */
/** The functions' code if an invocation loaded it already (a process that served nothing has nothing to finish). */
export const loadedHandlers = (): Promise<typeof Handlers> | undefined => handlers;

export function lazyHandler<Name extends HandlerName>(name: Name): (typeof Handlers)[Name] {
  const invoke = async (...args: never[]): Promise<unknown> => {
    handlers ??= import('../handlers/index.js');
    const handler: AnyHandler = (await handlers)[name];
    return handler(...args);
  };
  return invoke as (typeof Handlers)[Name];
}
