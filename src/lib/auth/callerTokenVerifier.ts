import { decodeJwt, type JWTPayload } from 'jose';
import type { Caller } from '../domain/caller';
import { UnauthorizedError } from '../errors/appError';
import type { AuthenticatedCaller } from './permissions';
import { createPublishedKeys, type Fetch, type PublishedKeys } from './publishedKeys';
import { bearerTokenOf, verifyWithPublishedKeys, VerifiedTokens } from './verifyToken';

export interface CallerAuthSettings {
  /** Entra ID's authority, e.g. https://login.microsoftonline.com (the local stack's in tests). */
  readonly authorityHost: string;
  readonly tenants: readonly string[];
  /** The API's application ID URI (v1 tokens) and client id (v2 tokens). */
  readonly audiences: readonly string[];
  readonly refreshCooldownMs?: number | undefined;
  /** How long one read of a tenant's metadata or key set may take (default 10 s). */
  readonly timeoutMs?: number | undefined;
  readonly fetch?: Fetch | undefined;
}

export interface CallerTokenVerifier {
  /** Verifies an `Authorization` header; throws UnauthorizedError (401) or KeysUnavailableError (503). */
  verify(authorization: string | null): Promise<AuthenticatedCaller>;
}

/** Skew allowed on exp/nbf: small, tokens live an hour and clocks are synchronised. */
export const callerClockToleranceSeconds = 60;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The tenant a token claims to come from, read before its signature is checked (to pick the keys). */
function claimedTenant(token: string): string | undefined {
  try {
    return text(decodeJwt(token).tid);
  } catch {
    throw new UnauthorizedError('The token is not valid.');
  }
}

/**
 * Who the verified token speaks for. App-only and user tokens are told apart by the `idtyp`
 * optional claim when present, else by `scp`, which only user tokens carry. The client is `azp`
 * (v2 tokens) or `appid` (v1 tokens); a user is their `oid`.
 */
export function callerOf(payload: JWTPayload, tenantId: string): AuthenticatedCaller {
  const scopes = new Set(text(payload.scp)?.split(' ').filter((s) => s !== '') ?? []);
  const delegated = payload.idtyp === 'user' || (payload.idtyp !== 'app' && scopes.size > 0);
  const appId = text(payload.azp) ?? text(payload.appid);
  if (!appId) throw new UnauthorizedError('The token names no client application (azp or appid).');
  const userId = text(payload.oid);
  if (delegated && !userId) throw new UnauthorizedError('The user token has no object id (oid).');
  const caller: Caller = delegated ? { kind: 'user', id: userId, tenantId, appId } : { kind: 'application', id: appId, tenantId, appId };
  return { caller, grants: { delegated, roles: new Set(strings(payload.roles)), scopes } };
}

/**
 * Verifies callers' Entra ID access tokens, v1 and v2: the tenant is on the allow-list (checked
 * first, so no other tenant's keys are ever fetched), the signature is by a key the tenant
 * publishes (its v2.0 OpenID configuration's jwks_uri; v1 and v2 tokens share the keys), the
 * issuer is that tenant's v1 (`https://sts.windows.net/{tid}/`) or v2 issuer (from the metadata,
 * `https://login.microsoftonline.com/{tid}/v2.0`), the audience is the API, and it is in its lifetime.
 */
export function createCallerTokenVerifier(settings: CallerAuthSettings): CallerTokenVerifier {
  const keysByTenant = new Map<string, PublishedKeys>(
    settings.tenants.map((tid) => [
      tid,
      createPublishedKeys({
        metadataUrl: `${settings.authorityHost}/${encodeURIComponent(tid)}/v2.0/.well-known/openid-configuration`,
        refreshCooldownMs: settings.refreshCooldownMs,
        timeoutMs: settings.timeoutMs,
        fetch: settings.fetch,
      }),
    ]),
  );
  const verified = new VerifiedTokens<AuthenticatedCaller>();

  return {
    async verify(authorization) {
      const token = bearerTokenOf(authorization);
      const known = verified.get(token);
      if (known) return known;
      const tenantId = claimedTenant(token);
      const keys = tenantId === undefined ? undefined : keysByTenant.get(tenantId);
      if (!tenantId || !keys) throw new UnauthorizedError('The token is not from a tenant this API accepts.');
      const payload = await verifyWithPublishedKeys(token, keys, (issuer) => ({
        issuer: [`https://sts.windows.net/${tenantId}/`, issuer ?? `${settings.authorityHost}/${tenantId}/v2.0`],
        audience: [...settings.audiences],
        clockTolerance: callerClockToleranceSeconds,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iss', 'aud', 'tid'],
      }));
      const caller = callerOf(payload, tenantId);
      verified.set(token, caller, payload.exp, callerClockToleranceSeconds);
      return caller;
    },
  };
}
