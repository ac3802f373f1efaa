import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { KeysUnavailableError } from '../errors/appError';

/** How metadata and key sets are fetched: the platform's fetch, or one that trusts the local stack's certificate. */
export type Fetch = typeof fetch;

export interface PublishedKeysSettings {
  /** An OpenID configuration document; its `jwks_uri` names the key set. */
  readonly metadataUrl: string;
  /** How soon an unknown key id may make the metadata and keys be fetched again (default 30 s). */
  readonly refreshCooldownMs?: number | undefined;
  /** How long one read of the metadata or the key set may take (default 10 s; tests shorten it). */
  readonly timeoutMs?: number | undefined;
  readonly fetch?: Fetch | undefined;
}

export interface KeySet {
  readonly getKey: JWTVerifyGetKey;
  /** The metadata's `issuer`, when it has one. */
  readonly issuer: string | undefined;
}

/** Signing keys an identity provider publishes, read through its OpenID configuration. */
export interface PublishedKeys {
  /** The current keys; `unknownKey`: a token named a key id the cached set lacks. */
  current(unknownKey: boolean): Promise<KeySet>;
}

const metadataSchema = z.object({ jwks_uri: z.url(), issuer: z.string().optional() });

/** The OpenID configuration is read again at least daily, so a moved jwks_uri is followed. */
const metadataMaxAgeMs = 24 * 60 * 60 * 1000;
const defaultTimeoutMs = 10_000;

/**
 * One issuer's keys: the metadata names the key set URL (not generic discovery: Graph's callback
 * metadata states an issuer other than its own URL), `jose` caches the keys and refetches them
 * for an unknown key id. The metadata is read again when a day old, or when a key id is unknown or
 * the key set URL fails, past a cooldown: keys rotate, and where they are published can move.
 * Shared by the callback verifier (Graph's keys) and the caller verifier (the tenants' Entra keys).
 */
export function createPublishedKeys(settings: PublishedKeysSettings): PublishedKeys {
  const cooldownMs = settings.refreshCooldownMs ?? 30_000;
  const fetchImpl: Fetch = settings.fetch ?? fetch;
  const timeoutMs = settings.timeoutMs ?? defaultTimeoutMs;
  let keys: Promise<KeySet & { readonly loadedAt: number }> | undefined;

  const load = async () => {
    const loadedAt = Date.now();
    const response = await fetchImpl(settings.metadataUrl, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`OpenID configuration answered ${response.status}`);
    const metadata = metadataSchema.parse(await response.json());
    const getKey = createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cacheMaxAge: metadataMaxAgeMs,
      cooldownDuration: cooldownMs,
      timeoutDuration: timeoutMs,
      [customFetch]: fetchImpl,
    });
    return { getKey, issuer: metadata.issuer, loadedAt };
  };

  return {
    async current(unknownKey) {
      try {
        const loaded = await (keys ??= load());
        const age = Date.now() - loaded.loadedAt;
        if (age <= metadataMaxAgeMs && !(unknownKey && age >= cooldownMs)) return loaded;
        keys = load();
        return await keys;
      } catch (error) {
        keys = undefined;
        throw new KeysUnavailableError(error);
      }
    },
  };
}
