import { describe, expect, it } from 'vitest';
import { clearedCookie, requestCookies, sessionCookie, sessionCookieName, signInCookie, signInCookieName } from '../../../src/lib/console/consoleCookies';
import { csrfTokenMatches, csrfTokenOf, sameOrigin } from '../../../src/lib/console/csrf';
import { consolePathOr, decodeTransaction, encodeTransaction } from '../../../src/lib/console/signInTransaction';

const now = new Date('2026-12-02T05:00:00Z');
const nowSeconds = now.getTime() / 1000;

describe('the console session cookie', () => {
  it('is HttpOnly, Secure, SameSite=Lax, host-only at /, and expires with the token', () => {
    const cookie = sessionCookie('header.payload.signature', nowSeconds + 3599, now);
    expect(cookie).toEqual({ name: '__Host-gci-session', value: 'header.payload.signature', path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 3599 });
    expect(cookie).not.toHaveProperty('domain');
    expect(sessionCookie('t', nowSeconds - 10, now).maxAge).toBe(0);
  });

  it('the sign-in cookie lives ten minutes; cleared cookies are empty and expired', () => {
    expect(signInCookie('abc')).toMatchObject({ name: signInCookieName, httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: 600 });
    expect(clearedCookie(sessionCookieName)).toMatchObject({ name: sessionCookieName, value: '', maxAge: 0, expires: new Date(0), httpOnly: true, secure: true });
  });

  it('reads a Cookie header; the first of a repeated name wins', () => {
    const cookies = requestCookies('a=1; __Host-gci-session=tok.en.x; a=2; junk; =x');
    expect(cookies.get('a')).toBe('1');
    expect(cookies.get(sessionCookieName)).toBe('tok.en.x');
    expect(requestCookies(null).size).toBe(0);
  });
});

describe('the sign-in transaction (PKCE verifier, state, nonce)', () => {
  const t = { codeVerifier: 'v'.repeat(43), state: 's'.repeat(43), nonce: 'n'.repeat(43), returnTo: '/api/console/calls/abc?q=1' };

  it('round-trips through the cookie value', () => {
    expect(decodeTransaction(encodeTransaction(t))).toEqual(t);
  });

  it('refuses anything that is not one of ours', () => {
    expect(decodeTransaction(undefined)).toBeUndefined();
    expect(decodeTransaction('not base64 json')).toBeUndefined();
    expect(decodeTransaction(Buffer.from(JSON.stringify({ v: 'short', s: t.state, n: t.nonce, r: '/' })).toString('base64url'))).toBeUndefined();
    expect(decodeTransaction(Buffer.from(JSON.stringify({ v: t.codeVerifier, s: t.state, n: t.nonce, r: '/', extra: 1 })).toString('base64url'))).toBeUndefined();
  });

  it('returns only to console paths: never another origin', () => {
    for (const evil of ['https://evil.example/', '//evil.example/api/console', '/api/console//evil.example', '/api/consolex', '/api/calls/x', 'javascript:alert(1)', '/api/console/"><script>']) {
      expect(consolePathOr(evil), evil).toBe('/api/console');
    }
    expect(consolePathOr('/api/console/calls/4a7c-9f?q=flow-run')).toBe('/api/console/calls/4a7c-9f?q=flow-run');
    const decoded = decodeTransaction(encodeTransaction({ ...t, returnTo: 'https://evil.example/' }));
    expect(decoded?.returnTo).toBe('/api/console');
  });
});

describe('CSRF and Origin', () => {
  it('the token is a hash of the session token: stable for it, different for another, never the token', () => {
    const token = 'eyJhbGciOi.payload.sig';
    expect(csrfTokenOf(token)).toBe(csrfTokenOf(token));
    expect(csrfTokenOf(token)).not.toBe(csrfTokenOf(`${token}x`));
    expect(csrfTokenOf(token)).not.toContain(token);
    expect(csrfTokenMatches(token, csrfTokenOf(token))).toBe(true);
    expect(csrfTokenMatches(token, csrfTokenOf('other'))).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
    expect(csrfTokenMatches(token, '')).toBe(false);
  });

  it('accepts only the console origin; a missing Origin is refused', () => {
    expect(sameOrigin('https://app.example.net', 'https://app.example.net')).toBe(true);
    expect(sameOrigin('https://app.example.net', 'https://app.example.net/')).toBe(true);
    expect(sameOrigin('https://evil.example', 'https://app.example.net')).toBe(false);
    expect(sameOrigin('http://app.example.net', 'https://app.example.net')).toBe(false);
    expect(sameOrigin('null', 'https://app.example.net')).toBe(false);
    expect(sameOrigin(null, 'https://app.example.net')).toBe(false);
  });
});
