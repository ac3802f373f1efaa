import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { AppError, ConfigError } from '../errors/appError';

/** Problem types are URNs: stable identifiers that do not pretend to be documentation URLs. */
const problemTypeBase = 'urn:graph-call-invites:problem:';

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** The single place where errors become HTTP answers (RFC 9457 application/problem+json). */
export function problemResponse(error: unknown, context: InvocationContext, instance?: string): HttpResponseInit {
  if (error instanceof AppError && !(error instanceof ConfigError)) {
    if (error.status >= 500) {
      context.warn('request failed', { code: error.code, status: error.status, cause: describeCause(error.cause) });
    }
    const body: ProblemDocument = {
      ...error.extensions,
      type: problemTypeBase + error.code,
      title: error.title,
      status: error.status,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(instance ? { instance } : {}),
    };
    return respond(body, error.retryAfterSeconds, error.challenge);
  }
  if (error instanceof ConfigError) {
    context.error('configuration invalid', { problems: error.problems });
  } else {
    context.error('unexpected error', { error: describeCause(error) });
  }
  return respond({
    type: problemTypeBase + 'internal-error',
    title: 'Internal error',
    status: 500,
    detail: `The request could not be completed. Quote invocation id ${context.invocationId} when asking for help.`,
  });
}

function respond(body: ProblemDocument, retryAfterSeconds?: number, challenge?: string): HttpResponseInit {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (challenge !== undefined) headers['www-authenticate'] = challenge;
  return { status: body.status, headers, jsonBody: body };
}

/** A log-safe description of an error: name, message and code, never request headers. */
export function describeCause(error: unknown): Record<string, unknown> | string {
  if (error instanceof Error) {
    const withCode = error as Error & { code?: unknown; statusCode?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(withCode.code !== undefined ? { code: String(withCode.code) } : {}),
      ...(withCode.statusCode !== undefined ? { statusCode: Number(withCode.statusCode) } : {}),
    };
  }
  return typeof error;
}
