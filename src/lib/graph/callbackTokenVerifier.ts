import { UnauthorizedError } from '../errors/appError';
import { createPublishedKeys, type Fetch } from '../auth/publishedKeys';
import { bearerTokenOf, verifyWithPublishedKeys, VerifiedTokens } from '../auth/verifyToken';

export interface CallbackAuthSettings {
  readonly metadataUrl: string;
  readonly issuers: readonly string[];
  readonly audience: string;
  /** How soon an unknown key id may make the metadata and keys be fetched again (default 30 s). */
  readonly refreshCooldownMs?: number | undefined;
  /** How long one read of the metadata or key set may take (default 10 s). */
  readonly timeoutMs?: number | undefined;
  readonly fetch?: Fetch | undefined;
}

export interface VerifiedCaller {
  readonly tenantId: string;
  readonly issuer: string;
}

export interface CallbackTokenVerifier {
  /** Verifies the Authorization header of a notification; throws UnauthorizedError. */
  verify(authorization: string | null): Promise<VerifiedCaller>;
}

/** Skew allowed on exp/nbf, as the Graph Communications samples allow. */
const clockToleranceSeconds = 300;

/**
 * Verifies Graph's callback JWT: signature against the keys named by the published OpenID
 * configuration (lib/auth/publishedKeys), issuer, audience = the bot's app id, lifetime, and a
 * tenant id claim.
 */
export function createCallbackTokenVerifier(settings: CallbackAuthSettings): CallbackTokenVerifier {
  // Issuers have been seen with and without a trailing slash.
  const issuers = [...new Set(settings.issuers.flatMap((i) => [i.replace(/\/+$/, ''), i.replace(/\/+$/, '') + '/']))];
  const keys = createPublishedKeys(settings);
  // Graph sends the same token with many notifications (it rotates it hourly).
  const verified = new VerifiedTokens<VerifiedCaller>();
  const options = () => ({
    issuer: issuers,
    audience: settings.audience,
    clockTolerance: clockToleranceSeconds,
    algorithms: ['RS256', 'RS384', 'RS512', 'PS256'],
    requiredClaims: ['exp', 'iss', 'aud'],
  });

  return {
    async verify(authorization) {
      const token = bearerTokenOf(authorization);
      const known = verified.get(token);
      if (known) return known;
      const payload = await verifyWithPublishedKeys(token, keys, options);
      if (typeof payload.tid !== 'string' || payload.tid === '') throw new UnauthorizedError('The token has no tenant id.');
      const caller = { tenantId: payload.tid, issuer: String(payload.iss) };
      verified.set(token, caller, payload.exp, clockToleranceSeconds);
      return caller;
    },
  };
}
