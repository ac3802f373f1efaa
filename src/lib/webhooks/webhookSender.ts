import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import { refusedAddress, refusedUrl, type UrlPolicy } from './addressPolicy';

/** A host name's addresses, as dns.lookup({ all: true }) gives them (the tests' seam). */
export type Resolve = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface WebhookMessage {
  readonly url: string;
  /** whsec_... : the subscription's signing secret (never logged). */
  readonly secret: string;
  /** webhook-id: the event's id, the same on every attempt, for the receiver to de-duplicate. */
  readonly id: string;
  readonly body: string;
  /** At most this long instead of the configured timeout (a run that must end by its deadline). */
  readonly timeoutMs?: number;
}

export type SendOutcome =
  | { readonly kind: 'accepted'; readonly status: number }
  /** `refused`: never sent (the URL or an address is not allowed). */
  | { readonly kind: 'failed'; readonly reason: string; readonly refused: boolean };

/** Deliveries carry one event: far below this. */
export const maxPayloadBytes = 256 * 1024;
/** Of an answer we read at most this much, then hang up. */
const maxAnswerBytes = 64 * 1024;

const refusal = (reason: string): SendOutcome => ({ kind: 'failed', reason, refused: true });

/** A lookup that connects only to addresses the policy allows: all of a name's addresses must be. */
function safeLookup(resolve: Resolve, policy: UrlPolicy, http: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.map((a) => refusedAddress(a.address, policy)).find((r) => r !== undefined);
        const httpNotLoopback = http && addresses.some((a) => ipaddr.process(a.address).range() !== 'loopback');
        const first = addresses[0];
        if (refused || httpNotLoopback || !first) {
          callback(Object.assign(new Error(`refused: ${refused ?? (first ? 'http is only allowed to loopback' : 'no address')}`), { code: 'EWEBHOOKREFUSED' }), '', 0);
        } else if (options.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

async function drain(response: IncomingMessage): Promise<void> {
  let read = 0;
  for await (const chunk of response) {
    read += (chunk as Buffer).length;
    if (read > maxAnswerBytes) break;
  }
  response.destroy();
}

/**
 * Sends Standard Webhooks deliveries (standardwebhooks signs): one POST, no redirects followed,
 * the time limit over the whole attempt, a new connection each time (no keep-alive), the host
 * resolved and checked at connect time (so DNS cannot answer differently between check and
 * connection).
 */
export function createWebhookSender(policy: UrlPolicy, timeoutMs: number, resolve: Resolve = (h) => dnsLookup(h, { all: true, verbatim: true })) {
  return {
    /** Why a URL is refused now (its scheme, host, or where the host resolves), or undefined. */
    async checkDestination(raw: string): Promise<string | undefined> {
      const refused = refusedUrl(raw, policy);
      if (refused) return refused;
      const url = new URL(raw);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (ipaddr.isValid(host)) return undefined;
      let addresses: readonly { address: string }[];
      try {
        addresses = await resolve(host);
      } catch {
        return `${host} does not resolve`;
      }
      const bad = addresses.map((a) => refusedAddress(a.address, policy)).find((r) => r !== undefined);
      if (bad) return `${host} resolves to a refused address (${bad})`;
      if (url.protocol === 'http:' && addresses.some((a) => ipaddr.process(a.address).range() !== 'loopback')) return 'http is only allowed to a loopback address';
      return addresses.length === 0 ? `${host} does not resolve` : undefined;
    },

    async send(message: WebhookMessage, now: Date): Promise<SendOutcome> {
      const refusedHere = refusedUrl(message.url, policy);
      if (refusedHere) return refusal(`refused: ${refusedHere}`);
      const body = Buffer.from(message.body, 'utf8');
      if (body.length > maxPayloadBytes) return refusal(`refused: payload over ${maxPayloadBytes} bytes`);
      const url = new URL(message.url);
      const headers = {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'graph-call-invites-webhooks/1',
        'webhook-id': message.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(message.secret).sign(message.id, now, message.body),
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      try {
        const status = await new Promise<number>((resolveStatus, reject) => {
          const req = send(url, { method: 'POST', headers, agent: false, signal: AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, message.timeoutMs ?? timeoutMs))), lookup: safeLookup(resolve, policy, url.protocol === 'http:') }, (response) => {
            drain(response).then(() => resolveStatus(response.statusCode ?? 0), reject);
          });
          req.on('error', reject);
          req.end(body);
        });
        if (status >= 200 && status < 300) return { kind: 'accepted', status };
        if (status >= 300 && status < 400) return { kind: 'failed', reason: `HTTP ${status}: redirects are not followed`, refused: false };
        return { kind: 'failed', reason: `HTTP ${status}`, refused: false };
      } catch (error) {
        const e = error as { code?: unknown; name?: unknown; message?: unknown };
        if (e.code === 'EWEBHOOKREFUSED') return refusal(String(e.message));
        return { kind: 'failed', reason: typeof e.code === 'string' ? e.code : String(e.name ?? 'error'), refused: false };
      }
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
