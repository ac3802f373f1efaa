import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The CSRF token of a session: a hash of its access token. Another site cannot read the session
 * cookie, so it cannot compute the token; the app keeps no secret and no state for it; it changes
 * with every sign-in. The page carries the hash, never the token.
 */
export function csrfTokenOf(accessToken: string): string {
  return createHash('sha256').update(`graph-call-invites console csrf\u0000${accessToken}`).digest('base64url');
}

export function csrfTokenMatches(accessToken: string, presented: string | undefined): boolean {
  const expected = Buffer.from(csrfTokenOf(accessToken));
  const given = Buffer.from(presented ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Whether a state-changing request comes from the console's own pages: browsers send `Origin`
 * with every POST, so a missing one is refused too (a form on another site names that site).
 */
export function sameOrigin(origin: string | null, publicBaseUrl: string): boolean {
  if (!origin) return false;
  return origin === new URL(publicBaseUrl).origin;
}
