/** What our problem documents say about a Graph error answer. */
export interface GraphErrorInfo {
  /** The most specific code Graph gave (e.g. `7503` rather than the outer `UnknownError`). */
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly requestId: string | undefined;
}

type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const object = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

/**
 * Graph's 403 for a bot without calling enabled is `{"error":{"code":"UnknownError","message":
 * "{\"errorCode\":\"7503\",\"message\":\"Application is not registered in our store.\",...}"}}`
 * (microsoft-graph-docs #10845, microsoft-graph-comms-samples #432); a 2026 report spells the
 * inner code `code`. So when `message` holds a JSON object, its code and message win.
 */
function innerError(message: string | undefined): { code?: string; message?: string } {
  if (!message?.startsWith('{')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return {}; // A message that only looks like JSON is kept as it is.
  }
  const inner = object(parsed);
  const code = text(inner?.errorCode) ?? text(inner?.code);
  const innerMessage = text(inner?.message);
  return { ...(code ? { code } : {}), ...(innerMessage ? { message: innerMessage } : {}) };
}

/** Reads `{ error: { code, message, innerError: { request-id } } }`; the header's request id first. */
export function graphErrorInfo(body: Json | undefined, headerRequestId: string | undefined): GraphErrorInfo {
  const error = object(body?.error);
  const outerMessage = text(error?.message);
  const inner = innerError(outerMessage);
  return {
    code: inner.code ?? text(error?.code),
    message: inner.message ?? outerMessage,
    requestId: headerRequestId ?? text(object(error?.innerError)?.['request-id']),
  };
}
