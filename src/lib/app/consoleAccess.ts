import type { HttpRequest } from '@azure/functions';
import { decodeJwt } from 'jose';
import { holds, permissions, requirePermission, type AuthenticatedCaller } from '../auth/permissions';
import { AppError, UnauthorizedError } from '../errors/appError';
import { tokenExchangeScope } from '../graph/credentials';
import { requestCookies, sessionCookieName } from '../console/consoleCookies';
import { createConsoleSignIn, type ConsoleSignIn } from '../console/consoleSignIn';
import { csrfTokenOf } from '../console/csrf';
import { callerFields } from './authorizeRequest';
import { getServices, type Services } from './services';

/** The person looking at the console, as their session's token says. */
export interface ConsoleViewer {
  readonly caller: AuthenticatedCaller;
  /** Their name or user name, for the page's header only (escaped; never logged). */
  readonly name: string;
  /** The CSRF token of the session (a hash of the token; csrf.ts). */
  readonly csrf: string;
  /** The access token: the console acts with exactly what the API would accept from it. */
  readonly accessToken: string;
  readonly may: { readonly act: boolean; readonly operate: boolean; readonly manage: boolean };
}

export type ConsoleSession =
  | { readonly kind: 'signedIn'; readonly services: Services; readonly viewer: ConsoleViewer }
  | { readonly kind: 'signedOut'; readonly services: Services }
  | { readonly kind: 'expired'; readonly services: Services };

const unavailable = () =>
  new AppError('console-unavailable', 404, 'The console is not available', {
    detail: 'The operator console signs people in with Entra ID; it needs API_AUTH_MODE entra or both, and API_CLIENT_ID.',
  });

/**
 * Who is signed in: the session cookie's token, verified by the same verifier as a bearer token
 * (signature, tenant, issuer, audience, lifetime). No cookie: signed out; a token the verifier
 * refuses (expired, above all): the session has ended. Looking needs Calls.Read (403 otherwise).
 */
export async function consoleSession(request: HttpRequest): Promise<ConsoleSession> {
  const services = await getServices();
  if (services.config.apiAuth.mode === 'functionKey' || !services.config.apiAuth.clientId) throw unavailable();
  const token = requestCookies(request.headers.get('cookie')).get(sessionCookieName);
  if (!token) return { kind: 'signedOut', services };
  let caller: AuthenticatedCaller;
  try {
    caller = await services.callers.authenticate(`Bearer ${token}`);
  } catch (error) {
    if (error instanceof UnauthorizedError) return { kind: 'expired', services };
    throw error;
  }
  services.telemetry.annotate(callerFields(caller.caller));
  requirePermission(caller, permissions.read);
  const claims = decodeJwt(token);
  const name = [claims.name, claims.preferred_username].find((v): v is string => typeof v === 'string' && v !== '') ?? caller.caller.id ?? 'signed in';
  return {
    kind: 'signedIn',
    services,
    viewer: { caller, name, csrf: csrfTokenOf(token), accessToken: token, may: { act: holds(caller, permissions.invite), operate: holds(caller, permissions.operate), manage: holds(caller, permissions.manage) } },
  };
}

const signIns = new WeakMap<Services, ConsoleSignIn>();

/** The console's OpenID Connect client, built once per set of services. */
export function consoleSignIn(services: Services): ConsoleSignIn {
  let signIn = signIns.get(services);
  if (!signIn) {
    const { config } = services;
    const { clientId, appIdUri, tenants } = config.apiAuth;
    const tenantId = tenants[0];
    if (!clientId || !appIdUri || !tenantId) throw unavailable();
    signIn = createConsoleSignIn({
      authorityHost: config.authorityHost,
      tenantId,
      clientId,
      appIdUri,
      redirectUri: `${config.publicBaseUrl}/api/console/signin`,
      clientAssertion: async () => {
        const token = await services.managedIdentity.getToken(tokenExchangeScope);
        if (!token) throw new Error('The managed identity returned no token for the token exchange');
        return token.token;
      },
      fetch: services.fetch,
    });
    signIns.set(services, signIn);
  }
  return signIn;
}
