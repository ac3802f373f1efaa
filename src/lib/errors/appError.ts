/** Extra members of a problem document (RFC 9457 extension members). No secrets in here. */
export type ProblemExtensions = Readonly<Record<string, string | number | boolean | readonly unknown[] | undefined>>;

export interface AppErrorOptions {
  readonly detail?: string;
  readonly cause?: unknown;
  readonly extensions?: ProblemExtensions;
  readonly retryAfterSeconds?: number;
  /** A `WWW-Authenticate` challenge (RFC 6750) sent with the problem. */
  readonly challenge?: string;
}

/**
 * The one error family of the app: a stable code (also the problem `type` suffix), an HTTP status,
 * a human title, and an optional cause that is logged but never sent to the caller.
 */
export class AppError extends Error {
  readonly detail: string | undefined;
  readonly extensions: ProblemExtensions;
  readonly retryAfterSeconds: number | undefined;
  readonly challenge: string | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ? `${title}: ${options.detail}` : title, { cause: options.cause });
    this.name = new.target.name;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.challenge = options.challenge;
  }
}

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export class ValidationError extends AppError {
  constructor(
    detail: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super('validation-failed', 400, 'The request is not valid', { detail, extensions: { errors: issues } });
  }
}

export class ConfigError extends AppError {
  constructor(readonly problems: readonly string[]) {
    super('configuration-invalid', 500, 'The app configuration is not valid', {
      detail: problems.join('; '),
    });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not-found', 404, 'Not found', { detail: `${what} does not exist` });
  }
}

/** A quoted-string of a challenge: our own fixed texts, with quotes and backslashes dropped anyway. */
const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;

/**
 * No bearer token (`missing`), or one that is not valid: 401 with a Bearer challenge (RFC 6750
 * section 3: no error code when the request carried no token).
 */
export class UnauthorizedError extends AppError {
  constructor(detail: string, cause?: unknown, missing = false) {
    const challenge = missing ? 'Bearer' : `Bearer error="invalid_token", error_description=${quoted(detail)}`;
    super('unauthorized', 401, 'The request is not authenticated', { detail, cause, challenge });
  }
}

/** A valid token without the app role or delegated scope the operation needs. */
export class ForbiddenError extends AppError {
  constructor(readonly permission: string, detail = `This operation needs the app role or delegated scope ${permission}, which the token does not carry.`) {
    super('forbidden', 403, 'The caller lacks the permission this operation needs', {
      detail,
      extensions: { requiredRole: permission },
      challenge: `Bearer error="insufficient_scope", scope=${quoted(permission)}`,
    });
  }
}

/** The published signing keys could not be read and none are cached: try again later. */
export class KeysUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('signing-keys-unavailable', 503, 'Token signing keys are unavailable', {
      detail: 'The token could not be checked yet; send the request again later.',
      cause,
      retryAfterSeconds: 30,
    });
  }
}

export class ConflictError extends AppError {
  constructor(detail: string) {
    super('conflict', 409, 'The request conflicts with an earlier one', { detail });
  }
}

/** Graph refused or failed the call; carries Graph's error code and request id for support cases. */
export class GraphError extends AppError {
  constructor(
    status: number,
    readonly graphStatus: number,
    readonly graphCode: string | undefined,
    readonly graphRequestId: string | undefined,
    detail: string,
    retryAfterSeconds?: number,
  ) {
    super('graph-request-failed', status, 'Microsoft Graph did not accept the request', {
      detail,
      retryAfterSeconds,
      extensions: { graphStatus, graphErrorCode: graphCode, graphRequestId },
    });
  }
}

export class StorageUnavailableError extends AppError {
  /** No connection at all (as opposed to throttling or a 5xx answer). */
  readonly unreachable: boolean;

  constructor(cause: unknown) {
    super('storage-unavailable', 503, 'Storage is temporarily unavailable', {
      detail: 'Try again later.',
      cause,
      retryAfterSeconds: 10,
    });
    this.unreachable = (cause as { statusCode?: unknown } | undefined)?.statusCode === undefined;
  }
}
