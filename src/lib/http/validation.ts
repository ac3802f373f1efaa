import type { HttpRequest } from '@azure/functions';
import type { ApiAuthMode } from '../config/apiAuthMode';
import { AppError, ValidationError } from '../errors/appError';

/** Our own API's bodies (five invitees, an operator's filter): small, so memory stays bounded. */
export const maxJsonBodyBytes = 1024 * 1024;

/**
 * Graph's notifications: a full roster lists everyone with media streams, endpoint and client
 * details, about 2 KB a participant in the field, so a 1,000-person meeting is about 2 MB. 16 MiB
 * leaves room for larger meetings and envelopes of several items; the Functions host's own limit
 * is 100 MB (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT).
 */
export const maxNotificationBytes = 16 * 1024 * 1024;

/**
 * Reads a JSON body as `unknown`: checks the content type and size first (the declared length,
 * then the bytes as they stream in, so an oversized body is refused without being held whole),
 * and turns malformed JSON into a 400 rather than the SyntaxError the runtime throws.
 */
export async function readJsonBody(request: HttpRequest, maxBytes = maxJsonBodyBytes): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError('unsupported-media-type', 415, 'Unsupported media type', {
      detail: 'Send the body as application/json.',
    });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Uint8Array);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
  } catch {
    throw new ValidationError('The body is not valid JSON.');
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload-too-large', 413, 'Payload too large', {
    detail: `The body must be at most ${maxBytes} bytes.`,
  });
}

/**
 * The function key, when the caller sent it as the `code` query parameter (the host checked it
 * already), so links can be followed the same way. Only where the host asks for keys: in `entra`
 * mode a key is never copied into a `Location` or a link. Anything odd is not propagated.
 */
export function linkAccessOf(request: HttpRequest, mode: ApiAuthMode): { code?: string } {
  if (mode === 'entra') return {};
  const code = request.query.get('code');
  return code && /^[A-Za-z0-9_\-=.~+/]{1,512}$/.test(code) ? { code } : {};
}
