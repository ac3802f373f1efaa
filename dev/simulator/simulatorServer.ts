// Longer than 150 lines because the HTTP wiring of every simulator part (Graph, Entra, the directory, the test controls) in one server.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CallerTokens } from './callerTokens';
import { DirectorySimulator } from './directory';
import { GraphSimulator, type Scenario } from './graphSimulator';
import { IdentityProvider, type IdentitySettings, type SimResponse } from './identityProvider';
import { createSigningKey } from './signingKeys';
import { deleteParticipant } from './participantDelete';
import { admitBot, createCall, hangUpCall } from './callCreation';

export interface RunningSimulator {
  readonly sim: GraphSimulator;
  /** Graph's directory (applications, service principals) for the Entra setup scripts. */
  readonly directory: DirectorySimulator;
  /** Entra ID issuing tokens for our API to its callers, and the local callers registered. */
  readonly callers: CallerTokens;
  readonly localCallers: ReturnType<CallerTokens['registerLocalCallers']>;
  /** Plain http: Graph, the managed identity endpoint, the callback OpenID configuration, controls. */
  readonly httpUrl: string;
  /** https (MSAL insists): the Entra authority. */
  readonly httpsUrl: string;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  readonly tls: { readonly cert: string; readonly key: string };
  readonly httpPort?: number;
  readonly settings?: Partial<IdentitySettings>;
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, r: SimResponse): void {
  if (r.fault === 'hang') return;
  if (r.fault === 'drop') {
    res.socket?.destroy();
    return;
  }
  const body = r.body === undefined ? '' : JSON.stringify(r.body);
  res.writeHead(r.status, { ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers });
  res.end(body);
}

function jsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export async function startGraphSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const settings: IdentitySettings = {
    tenantId: randomUUID(),
    botAppId: randomUUID(),
    managedIdentityClientId: randomUUID(),
    managedIdentityPrincipalId: randomUUID(),
    ...options.settings,
  };
  const [entraKey, callbackKey] = await Promise.all([createSigningKey(), createSigningKey()]);
  let httpUrl = '';
  let httpsUrl = '';
  const callers = new CallerTokens(entraKey, settings, () => httpsUrl);
  const localCallers = callers.registerLocalCallers();
  const identity = new IdentityProvider(settings, entraKey, callers);
  const sim = new GraphSimulator(identity, settings, entraKey, callbackKey, () => httpUrl);
  const directory = new DirectorySimulator(entraKey);

  const route = async (req: IncomingMessage, base: () => string): Promise<SimResponse> => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const text = await readText(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/msi/token') return identity.managedIdentity(url, headers);
    if (method === 'GET' && (m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path))) {
      return identity.openIdConfiguration(base(), m[1] ?? '');
    }
    if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) return identity.token(new URLSearchParams(text));
    if (method === 'GET' && /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) return { status: 200, body: { keys: [entraKey.jwk] } };
    if (path.startsWith('/callback-auth/') && sim.scenario.signingKeysDown) return { status: 503, fault: 'drop' };
    if (method === 'GET' && path === '/callback-auth/.well-known/OpenIdConfiguration') {
      return {
        status: 200,
        body: { issuer: 'https://api.botframework.com', jwks_uri: `${httpUrl}/callback-auth/keys/${sim.callbackKeyGeneration}`, id_token_signing_alg_values_supported: ['RS256'] },
      };
    }
    if (method === 'GET' && path === `/callback-auth/keys/${sim.callbackKeyGeneration}`) return { status: 200, body: { keys: [sim.currentCallbackKey.jwk] } };
    if (method === 'POST' && (m = /^\/v1\.0\/communications\/calls\/([^/]+)\/participants\/invite$/.exec(path))) {
      return sim.invite(decodeURIComponent(m[1] ?? ''), headers.authorization, jsonOrUndefined(text));
    }
    if (method === 'DELETE' && (m = /^\/v1\.0\/communications\/calls\/([^/]+)\/participants\/([^/]+)$/.exec(path))) {
      return deleteParticipant(sim, decodeURIComponent(m[1] ?? ''), headers.authorization, decodeURIComponent(m[2] ?? ''));
    }
    if (method === 'POST' && path === '/v1.0/communications/calls') return createCall(sim, headers.authorization, jsonOrUndefined(text));
    if (method === 'DELETE' && (m = /^\/v1\.0\/communications\/calls\/([^/]+)$/.exec(path))) return hangUpCall(sim, decodeURIComponent(m[1] ?? ''), headers.authorization);
    if (/^\/v1\.0\/(applications|servicePrincipals)(\/|$)/.test(path)) return directory.handle(method, url, headers.authorization, jsonOrUndefined(text));
    return control(method, path, jsonOrUndefined(text));
  };

  // Scenario controls, for trying the stack by hand with curl.
  const control = (method: string, path: string, body: unknown): SimResponse => {
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/_sim/calls') {
      if (typeof b.callbackUrl !== 'string') return { status: 400, body: { error: 'callbackUrl is required' } };
      const call = sim.createCall(b.callbackUrl, typeof b.callId === 'string' ? b.callId : undefined);
      return { status: 201, body: { callId: call.id } };
    }
    if (method === 'POST' && (m = /^\/_sim\/calls\/([^/]+)\/admitBot$/.exec(path))) return (admitBot(sim, m[1] ?? ''), { status: 204 });
    if (method === 'POST' && (m = /^\/_sim\/calls\/([^/]+)\/end$/.exec(path))) return (sim.endCall(m[1] ?? ''), { status: 204 });
    if (method === 'POST' && (m = /^\/_sim\/calls\/([^/]+)\/participants\/([^/]+)\/leave$/.exec(path))) {
      return (sim.leave(m[1] ?? '', m[2] ?? ''), { status: 204 });
    }
    if (method === 'PATCH' && path === '/_sim/scenario') {
      sim.scenario = { ...sim.scenario, ...(b as Partial<Scenario>) };
      return { status: 200, body: sim.scenario };
    }
    if (method === 'GET' && path === '/_sim/stats') {
      return { status: 200, body: { tokens: identity.counters, invites: sim.invites.length, deliveries: sim.deliveries.length } };
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `${method} ${path}` } } };
  };

  const handler = (base: () => string) => (req: IncomingMessage, res: ServerResponse) => {
    route(req, base).then(
      (r) => send(res, r),
      (error: unknown) => send(res, { status: 500, body: { error: { code: 'SimulatorError', message: String(error) } } }),
    );
  };
  const http: Server = createHttpServer(handler(() => httpUrl));
  const https = createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler(() => httpsUrl));
  await new Promise<void>((resolve) => http.listen(options.httpPort ?? 0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  httpsUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  const closeServer = (s: { close(cb: () => void): void; closeAllConnections(): void }) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    sim,
    directory,
    callers,
    localCallers,
    httpUrl,
    httpsUrl,
    close: async () => {
      await sim.idle();
      await Promise.all([closeServer(http), closeServer(https)]);
    },
  };
}
