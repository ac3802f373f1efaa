import type { IncomingMessage } from 'node:http';
import type { Registration } from './functionsCore';

/*
 * How the local host routes a request to a function, as the Functions host does: the route
 * template and methods of each httpTrigger, and (when keys are given) its auth level.
 */

/** A function key and the host's master (admin) key. */
export interface FunctionKeys {
  readonly function: string;
  readonly master: string;
}

export interface Route {
  readonly registration: Registration;
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
  readonly methods: ReadonlySet<string>;
  readonly authLevel: string;
}

export function compileRoute(registration: Registration): Route | undefined {
  const trigger = Object.values(registration.bindings).find((b) => b.type === 'httpTrigger');
  if (!trigger) return undefined;
  const template = (trigger.route ?? registration.name).replace(/^\/+|\/+$/g, '');
  const paramNames: string[] = [];
  const source = template
    .split('/')
    .map((segment) =>
      segment.replace(/\{([A-Za-z0-9_]+)(?::[^}?]+)?(\?)?\}|[^{]+/g, (part, name?: string) => {
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        paramNames.push(name);
        return '([^/]+)';
      }),
    )
    .join('/');
  const methods = new Set((trigger.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) => m.toUpperCase()));
  return { registration, pattern: new RegExp(`^/api/${source}/?$`), paramNames, methods, authLevel: trigger.authLevel ?? 'function' };
}

/** The host's key check: the key from the header or the `code` query parameter, per auth level. */
export function keyAccepted(level: string, keys: FunctionKeys | undefined, req: IncomingMessage, url: URL): boolean {
  if (!keys || level === 'anonymous') return true;
  const header = req.headers['x-functions-key'];
  const key = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('code') ?? '';
  return key === keys.master || (level === 'function' && key === keys.function);
}
