import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/** An RS256 key pair with a key id, as an identity provider publishes it. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, jwk };
}

export interface TokenClaims extends JWTPayload {
  readonly iss: string;
  readonly aud: string;
}

export async function signToken(key: SigningKey, claims: TokenClaims, lifetimeSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  // Claims given explicitly (tests craft expired or future tokens) win over the defaults.
  return new SignJWT({ iat: now, nbf: now - 5, exp: now + lifetimeSeconds, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

/** Verifies a token this simulator issued; undefined when it is not valid. */
export async function verifyToken(key: SigningKey, token: string, audience: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { audience });
    return payload;
  } catch {
    return undefined;
  }
}
