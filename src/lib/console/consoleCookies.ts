import type { Cookie } from '@azure/functions';

/*
 * The console's two cookies. Both HttpOnly (no script reads them), Secure (browsers treat
 * http://127.0.0.1 and localhost as secure contexts, so the local stack sets the same attributes
 * as Azure), and with the __Host- prefix (Secure, Path=/, no Domain: nothing on a sibling host can
 * set or shadow them).
 *   session      the API access token itself, verified on every request like a bearer token;
 *                SameSite=Lax (a link from Teams or mail opens the console signed in; a cross-site
 *                POST carries no cookie); it expires with the token.
 *   sign-in      the PKCE verifier, state and nonce of one sign-in, for ten minutes; Lax, because
 *                Entra's redirect back is a cross-site top-level navigation.
 */
export const sessionCookieName = '__Host-gci-session';
export const signInCookieName = '__Host-gci-signin';
export const signInLifetimeSeconds = 600;

const base = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax' } as const;

/** The session cookie for an access token that expires at `expiresAt` (seconds since the epoch). */
export function sessionCookie(accessToken: string, expiresAt: number, now: Date): Cookie {
  const maxAge = Math.max(0, Math.floor(expiresAt - now.getTime() / 1000));
  return { ...base, name: sessionCookieName, value: accessToken, maxAge };
}

export function signInCookie(value: string): Cookie {
  return { ...base, name: signInCookieName, value, maxAge: signInLifetimeSeconds };
}

/** Clears a cookie: an empty value that expired long ago. */
export function clearedCookie(name: string): Cookie {
  return { ...base, name, value: '', maxAge: 0, expires: new Date(0) };
}

/** The cookies of a `Cookie` request header by name (the first of a repeated name wins). */
export function requestCookies(header: string | null): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}
