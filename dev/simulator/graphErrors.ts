import { randomUUID } from 'node:crypto';
import type { SimResponse } from './identityProvider';

/*
 * Graph's error bodies. The invite endpoint's 403 for a bot without calling enabled is not a
 * plain `{ error: { code: "7503" } }`: Graph answers `code: "UnknownError"` with the real error
 * as JSON inside `message` (microsoft-graph-docs #10845, microsoft-graph-comms-samples #432:
 * inner `errorCode`; a 2026 report: inner `code` with more null members). `flat` is what this
 * simulator used to send, kept as a mode for clients that meet it elsewhere.
 */
export type ForbiddenShape = 'innerErrorCode' | 'innerCode' | 'flat';

export interface GraphErrorOptions {
  readonly headers?: Record<string, string>;
  /** Leave out the `request-id` header: the id is then only in `innerError`. */
  readonly noRequestIdHeader?: boolean;
}

export function graphError(status: number, code: string, message: string, options: GraphErrorOptions = {}): SimResponse & { requestId: string } {
  const requestId = randomUUID();
  const idHeader: Record<string, string> = options.noRequestIdHeader ? {} : { 'request-id': requestId };
  return {
    status,
    requestId,
    headers: { ...idHeader, ...options.headers },
    body: { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': randomUUID() } } },
  };
}

const notRegistered = 'Application is not registered in our store.';

/** 403 7503, "Application is not registered in our store.", in the shape asked for. */
export function callingNotEnabled(shape: ForbiddenShape, options: GraphErrorOptions = {}): SimResponse & { requestId: string } {
  switch (shape) {
    case 'flat':
      return graphError(403, '7503', notRegistered, options);
    case 'innerErrorCode':
      return graphError(403, 'UnknownError', JSON.stringify({ errorCode: '7503', message: notRegistered, instanceAnnotations: [] }), options);
    case 'innerCode':
      return graphError(
        403,
        'UnknownError',
        JSON.stringify({ code: '7503', message: notRegistered, target: null, details: null, innerError: null, instanceAnnotations: [], typeAnnotation: null }),
        options,
      );
  }
}
