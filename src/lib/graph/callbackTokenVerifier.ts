import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AppError, UnauthorizedError } from '../errors/appError';

export interface CallbackAuthSettings {
  readonly metadataUrl: string;
  readonly issuers: readonly string[];
  readonly audience: string;
  /** How soon an unknown key id may make the metadata and keys be fetched again (default 30 s). */
  readonly refreshCooldownMs?: number | undefined;
}

/** The OpenID configuration is read again at least daily, so a moved jwks_uri is followed. */
const metadataMaxAgeMs = 24 * 60 * 60 * 1000;

export interface VerifiedCaller {
  readonly tenantId: string;
  readonly issuer: string;
}

export interface CallbackTokenVerifier {
  /** Verifies the Authorization header of a notification; throws UnauthorizedError. */
  verify(authorization: string | null): Promise<VerifiedCaller>;
}

const metadataSchema = z.object({ jwks_uri: z.url() });

/** Verified tokens remembered; Graph rotates its token hourly, so a few suffice. */
const maxCachedTokens = 256;

/** Skew allowed on exp/nbf, as the Graph Communications samples allow. */
const clockToleranceSeconds = 300;

class KeysUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('signing-keys-unavailable', 503, 'Token signing keys are unavailable', {
      detail: 'The notification could not be authenticated yet; deliver it again later.',
      cause,
      retryAfterSeconds: 30,
    });
  }
}

/** The key set did not know the key id, or could not be fetched where the metadata said. */
function keySetFailed(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSInvalid || error instanceof joseErrors.JWKSTimeout) return true;
  // jose reports a key set URL that answers non-200 as a generic error.
  return error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC';
}

/**
 * Verifies Graph's callback JWT: signature against the keys named by the published OpenID
 * configuration (its jwks_uri, not generic discovery: the metadata's issuer differs from its URL),
 * issuer, audience = the bot's app id, lifetime, and a tenant id claim.
 */
export function createCallbackTokenVerifier(settings: CallbackAuthSettings): CallbackTokenVerifier {
  // Issuers have been seen with and without a trailing slash.
  const issuers = [...new Set(settings.issuers.flatMap((i) => [i.replace(/\/+$/, ''), i.replace(/\/+$/, '') + '/']))];
  const cooldownMs = settings.refreshCooldownMs ?? 30_000;
  let keys: Promise<{ readonly getKey: JWTVerifyGetKey; readonly loadedAt: number }> | undefined;
  // Graph sends the same token with many notifications: a token verified once stays valid until
  // it expires (the signature of a given string cannot change), so it is not verified again.
  const verified = new Map<string, { caller: VerifiedCaller; expiresAt: number }>();

  const loadKeys = async () => {
    const loadedAt = Date.now();
    const response = await fetch(settings.metadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OpenID configuration answered ${response.status}`);
    const metadata = metadataSchema.parse(await response.json());
    // Keys rotate about every 2 hours; an unknown kid refetches at once (after a cooldown).
    const getKey = createRemoteJWKSet(new URL(metadata.jwks_uri), { cacheMaxAge: metadataMaxAgeMs, cooldownDuration: cooldownMs, timeoutDuration: 10_000 });
    return { getKey, loadedAt };
  };

  /** The current keys; the metadata is read again when stale, or (`unknownKey`) past the cooldown. */
  const currentKeys = async (unknownKey: boolean): Promise<JWTVerifyGetKey> => {
    try {
      const loaded = await (keys ??= loadKeys());
      const age = Date.now() - loaded.loadedAt;
      if (age <= metadataMaxAgeMs && !(unknownKey && age >= cooldownMs)) return loaded.getKey;
      keys = loadKeys();
      return (await keys).getKey;
    } catch (error) {
      keys = undefined;
      throw new KeysUnavailableError(error);
    }
  };

  const check = async (token: string, unknownKey: boolean) =>
    jwtVerify(token, await currentKeys(unknownKey), {
      issuer: issuers,
      audience: settings.audience,
      clockTolerance: clockToleranceSeconds,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256'],
      requiredClaims: ['exp', 'iss', 'aud'],
    });

  return {
    async verify(authorization) {
      const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization?.trim() ?? '');
      if (!match?.[1]) throw new UnauthorizedError('A bearer token is required.');
      const token = match[1];
      const known = verified.get(token);
      if (known && Date.now() < known.expiresAt) return known.caller;
      try {
        // A key id nobody published yet: the keys, or where they are published, may have moved.
        const { payload } = await check(token, false).catch((error: unknown) => {
          if (keySetFailed(error)) return check(token, true);
          throw error;
        });
        if (typeof payload.tid !== 'string' || payload.tid === '') {
          throw new UnauthorizedError('The token has no tenant id.');
        }
        const caller = { tenantId: payload.tid, issuer: String(payload.iss) };
        if (verified.size >= maxCachedTokens) verified.delete(verified.keys().next().value ?? '');
        // Remembered until exp (plus the allowed skew): later checks would reach the same verdict.
        verified.set(token, { caller, expiresAt: ((payload.exp ?? 0) + clockToleranceSeconds) * 1000 });
        return caller;
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof joseErrors.JWKSTimeout || (error instanceof joseErrors.JOSEError && error.code === 'ERR_JWKS_INVALID')) {
          throw new KeysUnavailableError(error);
        }
        if (error instanceof joseErrors.JOSEError) throw new UnauthorizedError('The token is not valid.', error);
        if (error instanceof TypeError) throw new KeysUnavailableError(error);
        throw error;
      }
    },
  };
}
