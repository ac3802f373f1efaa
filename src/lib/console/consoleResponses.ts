import type { Cookie, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { problemResponse, type ProblemDocument } from '../http/problem';
import { consoleSecurityHeaders, messagePage } from './consoleLayout';

export type ConsoleHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function htmlResponse(status: number, body: string, cookies: Cookie[] = []): HttpResponseInit {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...consoleSecurityHeaders }, body, ...(cookies.length > 0 ? { cookies } : {}) };
}

/** 303 See Other: after a form post or a sign-in, the browser GETs `location`. */
export function redirect(location: string, cookies: Cookie[] = [], status = 303): HttpResponseInit {
  return { status, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }, ...(cookies.length > 0 ? { cookies } : {}) };
}

/**
 * Errors on console routes become pages: the same mapping (and logging) as the API's problem
 * documents, shown as a page with the problem's title and detail, escaped.
 */
export function withConsolePages(handler: ConsoleHandler): ConsoleHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const problem = problemResponse(error, context, new URL(request.url).pathname);
      const doc = problem.jsonBody as ProblemDocument;
      const body = messagePage(doc.title, doc.detail ?? '', { href: '/api/console', text: 'Back to the calls' });
      const response = htmlResponse(doc.status, body);
      const retryAfter = (problem.headers as Record<string, string> | undefined)?.['retry-after'];
      return retryAfter ? { ...response, headers: { ...(response.headers as Record<string, string>), 'retry-after': retryAfter } } : response;
    }
  };
}

/** The console's script and styles, from its own route (CSP script-src/style-src 'self'). */
export function assetResponse(contentType: string, body: string): HttpResponseInit {
  return { status: 200, headers: { 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }, body };
}

