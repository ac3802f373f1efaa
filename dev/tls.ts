import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { generate } from 'selfsigned';

/** A throwaway self-signed certificate for 127.0.0.1, made at start and never written to the repo. */
export interface LocalTls {
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** An https agent that trusts only this certificate. */
  readonly agent: Agent;
  /** Azure SDK transport that trusts this certificate for https (MSAL's authority, Azurite). */
  readonly httpClient: HttpClient;
  /** fetch that trusts this certificate for https (the app reading Entra's metadata and keys). */
  readonly fetch: typeof fetch;
}

/**
 * Requests over https with `agent` (GETs, and POSTs with a form or text body: the console's code
 * redemption), answered as a fetch Response; anything else is the global fetch.
 */
function fetchWith(agent: Agent): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    const body = init?.body instanceof URLSearchParams || typeof init?.body === 'string' ? String(init.body) : undefined;
    if (url.protocol !== 'https:' || !(method === 'GET' || (method === 'POST' && body !== undefined))) return fetch(input, init);
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    if (init?.body instanceof URLSearchParams) headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolveResponse, rejectResponse) => {
      // Fail as the platform's fetch fails: with the signal's reason (a TimeoutError) when aborted,
      // and a TypeError for a network error, so the app sees here what it sees in Azure.
      const resolve = resolveResponse;
      const reject = (error: unknown) => rejectResponse(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      const req = request(url, { agent, method, headers, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const answer = new Headers();
          for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string') answer.set(key, value);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502, headers: answer }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}

export async function createLocalTls(): Promise<LocalTls> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'graph-invites-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  const agent = new Agent({ ca: pems.cert, keepAlive: true });
  const inner = createDefaultHttpClient();
  const httpClient: HttpClient = {
    sendRequest(request) {
      if (request.url.startsWith('https:')) request.agent ??= agent;
      return inner.sendRequest(request);
    },
  };
  return { cert: pems.cert, key: pems.private, certFile, keyFile, agent, httpClient, fetch: fetchWith(agent) };
}
