import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { AppError, KeysUnavailableError, UnauthorizedError } from '../errors/appError';
import type { PublishedKeys } from './publishedKeys';

/** The token of an `Authorization: Bearer` header; 401 (without an error code) when there is none. */
export function bearerTokenOf(authorization: string | null): string {
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) throw new UnauthorizedError('A bearer token is required.', undefined, true);
  return match[1];
}

/**
 * The key set could not be read: it timed out, was not a key set, or (jose's generic error, which
 * only its remote key set raises) answered other than 200 or with a body that is not JSON. The
 * token may well be good, so this is 503, never 401; a key id the set lacks is not among these.
 */
function keysUnreadable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  return error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC';
}

/** The key set did not know the key id, or could not be fetched where the metadata said. */
function keySetFailed(error: unknown): boolean {
  return error instanceof joseErrors.JWKSNoMatchingKey || keysUnreadable(error);
}

/** Why a token was refused, in words a caller can act on (RFC 6750 error_description). */
function refusal(error: joseErrors.JOSEError): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'The token is not for this API (audience).';
    if (error.claim === 'iss') return 'The token is not from an accepted issuer.';
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    return `The token's ${error.claim} claim is missing or not accepted.`;
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token is not signed by a key its issuer publishes.';
  return 'The token is not valid.';
}

/**
 * Verifies a JWT with `jose` against published keys: with the cached keys first, and once more
 * with freshly read metadata and keys when the key id is unknown or the key set failed. Bad tokens
 * are 401; keys that cannot be read at all are 503 (the token may well be good).
 */
export async function verifyWithPublishedKeys(
  token: string,
  keys: PublishedKeys,
  options: (issuer: string | undefined) => JWTVerifyOptions,
): Promise<JWTPayload> {
  const check = async (unknownKey: boolean) => {
    const { getKey, issuer } = await keys.current(unknownKey);
    return jwtVerify(token, getKey, options(issuer));
  };
  try {
    const { payload } = await check(false).catch((error: unknown) => {
      // A key id nobody published yet: the keys, or where they are published, may have moved.
      if (keySetFailed(error)) return check(true);
      throw error;
    });
    return payload;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (keysUnreadable(error)) throw new KeysUnavailableError(error);
    if (error instanceof joseErrors.JOSEError) throw new UnauthorizedError(refusal(error), error);
    if (error instanceof TypeError) throw new KeysUnavailableError(error);
    throw error;
  }
}

/**
 * Tokens already verified, until they expire (the verdict on a given string cannot change before
 * then): callers and Graph send the same token with many requests.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly capacity = 256) {}

  get(token: string): T | undefined {
    const entry = this.entries.get(token);
    if (entry && Date.now() < entry.expiresAt) return entry.value;
    if (entry) this.entries.delete(token);
    return undefined;
  }

  /** Remembers `value` until `exp` (seconds) plus the skew the verification allowed. */
  set(token: string, value: T, exp: number | undefined, skewSeconds: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value ?? '');
    this.entries.set(token, { value, expiresAt: ((exp ?? 0) + skewSeconds) * 1000 });
  }
}
