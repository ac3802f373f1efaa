import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got, and whether its Standard Webhooks signature verified with the secret. */
export interface Received {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: { type: string; timestamp: string; data: Record<string, unknown> };
  readonly verified: boolean;
  /** What the receiver answered. */
  readonly status: number;
}

/**
 * A webhook receiver on loopback, as a bot would write one: it verifies each delivery with the
 * standardwebhooks package and the subscription's secret. `answer` decides its status per request.
 */
export async function startReceiver(answer: (n: number) => number = () => 204, options: { readonly hold?: boolean } = {}) {
  const received: Received[] = [];
  /** Requests read and not answered yet (`hold`: every request waits until `release()`). */
  let holding = 0;
  const released = Promise.withResolvers<void>();
  const arrivals: (() => void)[] = [];
  let secret = '';
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((req, res) => {
    void read(req).then((text) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      try {
        new Webhook(secret).verify(text, headers);
        verified = true;
      } catch {
        verified = false;
      }
      const status = answer(received.length);
      const record = { id: headers['webhook-id'] ?? '', headers, body: JSON.parse(text) as Received['body'], verified, status };
      const respond = () => {
        received.push(record);
        if (status >= 300 && status < 400) res.writeHead(status, { location: 'http://127.0.0.1:9/elsewhere' }).end();
        else res.writeHead(status).end();
      };
      if (!options.hold) return respond();
      holding++;
      for (const arrived of arrivals.splice(0)) arrived();
      void released.promise.then(() => {
        holding--;
        respond();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    /** Accepted deliveries only (2xx). */
    accepted: () => received.filter((r) => r.status >= 200 && r.status < 300),
    useSecret(value: string) {
      secret = value;
    },
    /** How many requests it holds unanswered now. */
    holding: () => holding,
    /** Resolves once it holds a request. */
    arrived: () => (holding > 0 ? Promise.resolve() : new Promise<void>((resolve) => arrivals.push(resolve))),
    /** Answers every held request (and those to come). */
    release: () => released.resolve(),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
