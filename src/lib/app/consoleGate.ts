import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { clearedCookie, requestCookies, sessionCookieName, signInCookie } from '../console/consoleCookies';
import { messagePage } from '../console/consoleLayout';
import { htmlResponse, redirect } from '../console/consoleResponses';
import { csrfTokenMatches, sameOrigin } from '../console/csrf';
import { consolePathOr, encodeTransaction } from '../console/signInTransaction';
import { AppError } from '../errors/appError';
import { consoleSession, consoleSignIn, type ConsoleViewer } from './consoleAccess';
import type { Services } from './services';

export type ConsoleGate =
  | { readonly kind: 'signedIn'; readonly services: Services; readonly viewer: ConsoleViewer }
  | { readonly kind: 'answer'; readonly response: HttpResponseInit };

const pathOf = (request: HttpRequest) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
};

/** Sends the browser to Entra's sign-in, remembering the PKCE verifier, state and nonce in a cookie. */
export async function startSignIn(services: Services, returnTo: string): Promise<HttpResponseInit> {
  const { url, transaction } = await consoleSignIn(services).start(consolePathOr(returnTo));
  return redirect(url, [signInCookie(encodeTransaction(transaction))], 302);
}

/** A page asking to sign in again, clearing the ended session. */
export function sessionEnded(returnTo: string): HttpResponseInit {
  const body = messagePage('Your session has ended', 'Your sign-in has expired or is no longer valid. Sign in again to continue.', {
    href: `/api/console/signin?returnTo=${encodeURIComponent(consolePathOr(returnTo))}`,
    text: 'Sign in again',
  });
  return htmlResponse(401, body, [clearedCookie(sessionCookieName)]);
}

/**
 * A console page's first step: signed in, or the answer for a browser that is not. Opening a page
 * signed out starts the sign-in; an ended session asks to sign in again; a page's own refresh
 * (console.js) gets a 401 it can show instead of a redirect it cannot follow.
 */
export async function gatePage(request: HttpRequest): Promise<ConsoleGate> {
  const session = await consoleSession(request);
  if (session.kind === 'signedIn') return session;
  const refresh = request.headers.get('x-console-refresh') === '1';
  if (session.kind === 'signedOut' && !refresh) return { kind: 'answer', response: await startSignIn(session.services, pathOf(request)) };
  return { kind: 'answer', response: sessionEnded(pathOf(request)) };
}

const refused = (code: string, detail: string) => new AppError(`forbidden-${code}`, 403, 'The request was refused', { detail });

/**
 * A state-changing form post: from the console's own origin (Origin header), by a signed-in person,
 * carrying their session's CSRF token. Anything else is refused before the form is acted on.
 */
export async function gateForm(request: HttpRequest): Promise<(ConsoleGate & { readonly kind: 'answer' }) | { readonly kind: 'signedIn'; readonly services: Services; readonly viewer: ConsoleViewer; readonly form: URLSearchParams }> {
  const session = await consoleSession(request);
  if (!sameOrigin(request.headers.get('origin'), session.services.config.publicBaseUrl)) throw refused('cross-site', 'This form must be sent from the console itself (Origin).');
  if (session.kind !== 'signedIn') return { kind: 'answer', response: sessionEnded('/api/console') };
  const form = new URLSearchParams(await request.text());
  if (!csrfTokenMatches(session.viewer.accessToken, form.get('csrf') ?? undefined)) throw refused('csrf', 'The form is not from this session (its CSRF token does not match). Reload the page and try again.');
  return { kind: 'signedIn', services: session.services, viewer: session.viewer, form };
}

/** The session cookie, when the request has one (sign-out clears it whatever it holds). */
export const hasSession = (request: HttpRequest) => requestCookies(request.headers.get('cookie')).has(sessionCookieName);
