import { decodeJwt } from 'jose';
import { consoleSession, consoleSignIn } from '../lib/app/consoleAccess';
import { gateForm, startSignIn } from '../lib/app/consoleGate';
import { getServices } from '../lib/app/services';
import { clearedCookie, requestCookies, sessionCookie, sessionCookieName, signInCookieName } from '../lib/console/consoleCookies';
import { messagePage } from '../lib/console/consoleLayout';
import { htmlResponse, redirect, withConsolePages } from '../lib/console/consoleResponses';
import { consoleRoot, decodeTransaction } from '../lib/console/signInTransaction';

const again = { href: `${consoleRoot}/signin`, text: 'Sign in again' };

/**
 * GET /api/console/signin: without `code` or `error`, starts a sign-in; with them, it is Entra's
 * redirect back: the code is redeemed (state, nonce and PKCE checked by openid-client), the access
 * token verified like any bearer token, and kept as the session cookie until it expires.
 */
export const handler = withConsolePages(async (request) => {
  const services = await getServices();
  const query = request.query;
  if (!query.has('code') && !query.has('error')) return startSignIn(services, query.get('returnTo') ?? consoleRoot);
  const transaction = decodeTransaction(requestCookies(request.headers.get('cookie')).get(signInCookieName));
  const clear = clearedCookie(signInCookieName);
  if (!transaction) return htmlResponse(400, messagePage('Sign-in expired', 'This sign-in was not started in this browser, or took longer than ten minutes.', again), [clear]);
  if (query.has('error')) {
    return htmlResponse(401, messagePage('Sign-in refused', `Entra ID answered: ${query.get('error_description') ?? query.get('error') ?? ''}`, again), [clear]);
  }
  const callbackUrl = new URL(`${services.config.publicBaseUrl}${consoleRoot}/signin?${query.toString()}`);
  const { accessToken } = await consoleSignIn(services).finish(callbackUrl, transaction);
  // The token must be one the API accepts (same verifier); its exp is the session's end.
  await services.callers.authenticate(`Bearer ${accessToken}`);
  const exp = decodeJwt(accessToken).exp ?? 0;
  return redirect(transaction.returnTo, [clear, sessionCookie(accessToken, exp, services.now())]);
});

/** POST /api/console/signout (a form with the CSRF token): the session cookie is cleared. */
export const signOutHandler = withConsolePages(async (request) => {
  const gate = await gateForm(request);
  const cleared = clearedCookie(sessionCookieName);
  if (gate.kind === 'answer') return { ...gate.response, cookies: [cleared] };
  return redirect(`${consoleRoot}/signedout`, [cleared]);
});

/** GET /api/console/signedout: says so, and offers to sign in again. */
export const signedOutHandler = withConsolePages(async (request) => {
  const session = await consoleSession(request);
  if (session.kind === 'signedIn') return redirect(consoleRoot);
  return htmlResponse(200, messagePage('Signed out', 'You are signed out of the console.', { href: `${consoleRoot}/signin`, text: 'Sign in' }));
});
