import { environment } from './environment';

/*
 * How callers of our API authenticate (docs/api.md "Callers and permissions"):
 *   entra        a bearer token from Microsoft Entra ID, checked by the app (routes anonymous at the host)
 *   functionKey  a function key checked by the Functions host, as before (no token checked)
 *   both         a function key checked by the host AND, when the request carries one, a bearer
 *                token checked by the app (for moving callers to tokens one by one)
 */
export const apiAuthModes = ['entra', 'functionKey', 'both'] as const;
export type ApiAuthMode = (typeof apiAuthModes)[number];
export const defaultApiAuthMode: ApiAuthMode = 'entra';

export type HostAuthLevel = 'anonymous' | 'function' | 'admin';

/** The mode a raw setting names; undefined when it names none (config.ts reports that). */
export function parseApiAuthMode(raw: string | undefined): ApiAuthMode | undefined {
  if (raw === undefined || raw === '') return defaultApiAuthMode;
  return (apiAuthModes as readonly string[]).includes(raw) ? (raw as ApiAuthMode) : undefined;
}

/** The mode the registrations use, read once when they load. */
export function registrationAuthMode(): ApiAuthMode | undefined {
  return parseApiAuthMode(environment().API_AUTH_MODE);
}

/**
 * The host's auth level for a route whose key level is `keyLevel`. In `entra` mode the app checks
 * the token, so the host lets the request through; otherwise the host checks the key. An invalid
 * mode keeps the keys (fail closed): the configuration error then answers every request.
 */
export function hostAuthLevel(keyLevel: HostAuthLevel, mode: ApiAuthMode | undefined): HostAuthLevel {
  return keyLevel !== 'anonymous' && mode === 'entra' ? 'anonymous' : keyLevel;
}
