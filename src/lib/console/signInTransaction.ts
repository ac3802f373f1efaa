import { z } from 'zod';

/**
 * What one sign-in must remember between sending the browser to Entra and its return: the PKCE
 * verifier, the state and nonce, and where to go afterwards. Kept in the browser (an HttpOnly
 * cookie), so the app stores nothing: the verifier proves to Entra that whoever redeems the code
 * started the sign-in, and the state ties the return to this browser.
 */
export interface SignInTransaction {
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
  /** A console path (never another origin). */
  readonly returnTo: string;
}

const base64url = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/);
const schema = z.strictObject({ v: base64url, s: base64url, n: base64url, r: z.string().max(512) });

export function encodeTransaction(t: SignInTransaction): string {
  return Buffer.from(JSON.stringify({ v: t.codeVerifier, s: t.state, n: t.nonce, r: t.returnTo })).toString('base64url');
}

/** The transaction of a cookie value; undefined when there is none or it is not one of ours. */
export function decodeTransaction(value: string | undefined): SignInTransaction | undefined {
  if (!value) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    return { codeVerifier: parsed.data.v, state: parsed.data.s, nonce: parsed.data.n, returnTo: consolePathOr(parsed.data.r) };
  } catch {
    return undefined;
  }
}

export const consoleRoot = '/api/console';

/** A path inside the console, or the console's root: never an open redirect. */
export function consolePathOr(path: string | undefined): string {
  if (path === undefined || !/^\/api\/console(\/[A-Za-z0-9._~%/-]*)?(\?[A-Za-z0-9._~%=&+-]*)?$/.test(path) || path.includes('//')) return consoleRoot;
  return path;
}
