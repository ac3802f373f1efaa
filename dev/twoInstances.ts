import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { callbackHandler } from '../src/handlers/callback';
import { createServices, type ServiceOverrides, type Services } from '../src/lib/app/services';
import { getConfig } from '../src/lib/config/config';
import type { LocalStack } from './localStack';

/**
 * Two app instances behind a load balancer, as Azure spreads Graph's notifications over a scaled-out
 * app: the local stack's host is the first; the second runs in this process with clients and a
 * call cache of its own (what a second Functions instance has), on the same Azurite. The balancer
 * sends callback requests to them in turn (round robin: the worst case for each instance's cache).
 */
export interface TwoInstances {
  /** Give calls `${url}/api/callback` as their callback URL. */
  readonly url: string;
  readonly second: Services;
  /** Requests each instance answered. */
  readonly served: { first: number; second: number };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startTwoInstances(stack: LocalStack, overrides: ServiceOverrides): Promise<TwoInstances> {
  const second = await createServices(getConfig(), overrides);
  const handle = callbackHandler(() => Promise.resolve(second));
  const served = { first: 0, second: 0 };
  let turn = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(key)) headers[key] = value;
      }
      if (turn++ % 2 === 0) {
        served.first++;
        const answer = await fetch(`${stack.host.url}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body });
        res.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer()));
        return;
      }
      served.second++;
      const request = new HttpRequest({ method: req.method ?? 'POST', url: `http://127.0.0.1${req.url ?? '/'}`, headers, body: { bytes: body } });
      const answer = await handle(request, new InvocationContext({ invocationId: randomUUID(), functionName: 'callback', logHandler: () => {} }));
      res.writeHead(answer.status ?? 200).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    second,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
