import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { problemResponse } from './problem';

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

/** Maps every error a handler throws to a problem response, in one place. */
export function withProblemResponses(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return problemResponse(error, context, new URL(request.url).pathname);
    }
  };
}
