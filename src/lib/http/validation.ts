import type { HttpRequest } from '@azure/functions';
import { AppError, ValidationError } from '../errors/appError';

/** Large enough for five invitees or a roster notification of a big meeting, small enough to bound memory. */
export const maxJsonBodyBytes = 1024 * 1024;

/**
 * Reads a JSON body as `unknown`: checks the content type and size first, and turns malformed
 * JSON into a 400 rather than the SyntaxError the runtime throws.
 */
export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError('unsupported-media-type', 415, 'Unsupported media type', {
      detail: 'Send the body as application/json.',
    });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxJsonBodyBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text, 'utf8') > maxJsonBodyBytes) throw tooLarge();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
}

function tooLarge(): AppError {
  return new AppError('payload-too-large', 413, 'Payload too large', {
    detail: `The body must be at most ${maxJsonBodyBytes} bytes.`,
  });
}

/**
 * The function key, when the caller sent it as the `code` query parameter (the host checked it
 * already), so links can be followed the same way. Anything odd is simply not propagated.
 */
export function linkAccessOf(request: HttpRequest): { code?: string } {
  const code = request.query.get('code');
  return code && /^[A-Za-z0-9_\-=.~+/]{1,512}$/.test(code) ? { code } : {};
}
