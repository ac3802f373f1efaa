import type { ServerResponse } from 'node:http';
import { HttpResponse, type Cookie, type HttpResponseInit } from '@azure/functions';

/** A cookie as the Functions host writes it (Set-Cookie), from HttpResponseInit.cookies. */
function setCookie(c: Cookie): string {
  return [
    `${c.name}=${c.value}`,
    c.path ? `Path=${c.path}` : '',
    c.domain ? `Domain=${c.domain}` : '',
    c.maxAge !== undefined ? `Max-Age=${c.maxAge}` : '',
    c.expires ? `Expires=${new Date(c.expires).toUTCString()}` : '',
    c.secure ? 'Secure' : '',
    c.httpOnly ? 'HttpOnly' : '',
    c.sameSite ? `SameSite=${c.sameSite}` : '',
  ]
    .filter((p) => p !== '')
    .join('; ');
}

/** Writes a handler's answer as the Functions host would: plain bodies as they are, others through the library. */
export async function writeResponse(res: ServerResponse, result: HttpResponseInit | HttpResponse | undefined): Promise<void> {
  const init = result ?? { status: 204 };
  const cookies = init.cookies ?? [];
  if (cookies.length > 0) res.setHeader('set-cookie', cookies.map(setCookie));
  // Plain answers are written directly; HttpResponse objects and streams go through the library.
  if (!(init instanceof HttpResponse) && (init.body === undefined || typeof init.body === 'string')) {
    const headers: Record<string, string> = {};
    new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, key) => (headers[key] = value));
    let body = init.body ?? '';
    if (init.jsonBody !== undefined) {
      body = JSON.stringify(init.jsonBody);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(init.status ?? 200, headers);
    res.end(body);
    return;
  }
  const response = init instanceof HttpResponse ? init : new HttpResponse(init);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, headers);
  res.end(body);
}
