// Longer than 150 lines because it is the local host's one surface: routes, keys, answers, and the timers on their schedules.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HttpRequest, InvocationContext, type HttpResponseInit, type LogHandler } from '@azure/functions';
import { runHooks, type Registration } from './functionsCore';
import { routablePath } from './frontEndPath';
import { writeResponse } from './hostResponse';
import { compileRoute, keyAccepted, type FunctionKeys } from './hostRoutes';
import { runSchedules, type TimerStats } from './timerSchedule';

export type { FunctionKeys } from './hostRoutes';

/**
 * Serves captured function registrations over HTTP the way the Functions host does: routes under
 * /api from each httpTrigger's route and methods, handlers called with HttpRequest and
 * InvocationContext. Like Core Tools locally, function keys are not enforced, unless keys are given
 * (`functionKeys`): then, as the host in Azure, a route with authLevel function or admin answers 401
 * without the key in `x-functions-key` or `?code=`. Unlike Core Tools,
 * the path is first decoded the way Azure's front end decodes it (frontEndPath.ts), so URLs that
 * only work locally fail here too.
 */
export interface FunctionsHost {
  readonly url: string;
  readonly port: number;
  /** Runs a timer-triggered function once, as its schedule would. */
  runTimer(name: string): Promise<void>;
  /** Runs every timer on its schedule from now on, as the host does (timerSchedule.ts). */
  startSchedules(): TimerStats;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface FunctionsHostOptions {
  readonly port?: number;
  readonly log?: LogHandler;
  /** Enforce function keys as the host does in Azure. */
  readonly functionKeys?: FunctionKeys;
}

export async function startFunctionsHost(
  registrations: ReadonlyMap<string, Registration>,
  options: FunctionsHostOptions = {},
): Promise<FunctionsHost> {
  const routes = [...registrations.values()].flatMap((r) => compileRoute(r) ?? []);
  const log: LogHandler = options.log ?? (() => {});
  // As the host: the trigger's metadata (route) in options, and the trace the request belongs to.
  const contextFor = (registration: Registration, traceParent?: string, traceState?: string) => {
    const trigger = Object.entries(registration.bindings).find(([, b]) => b.direction === 'in' && b.type.endsWith('Trigger'));
    return new InvocationContext({
      invocationId: randomUUID(),
      functionName: registration.name,
      logHandler: log,
      ...(trigger ? { options: { trigger: { ...trigger[1], name: trigger[0] } } } : {}),
      ...(traceParent ? { traceContext: { traceParent, traceState, attributes: {} } } : {}),
    });
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const method = (req.method ?? 'GET').toUpperCase();
      const path = routablePath(url.pathname);
      const match = path === undefined ? undefined : routes
        .map((route) => ({ route, m: route.pattern.exec(path) }))
        .find((x) => x.m !== null && x.route.methods.has(method));
      if (!match?.m) {
        res.writeHead(404).end();
        return;
      }
      if (!keyAccepted(match.route.authLevel, options.functionKeys, req, url)) {
        res.writeHead(401).end();
        return;
      }
      // The host decodes route values once more (which is why `%252F` reaches a handler as `/`);
      // a bare `%` left by the front end (`%25`) is a 500 there (#7069), and here.
      const params: Record<string, string> = {};
      try {
        match.route.paramNames.forEach((name, i) => {
          const raw = match.m?.[i + 1];
          if (raw !== undefined) params[name] = decodeURIComponent(raw);
        });
      } catch (error) {
        if (!(error instanceof URIError)) throw error;
        res.writeHead(500).end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = await readBody(req);
      const request = new HttpRequest({
        method,
        url: url.toString(),
        headers,
        query: Object.fromEntries(url.searchParams),
        params,
        ...(body.length > 0 ? { body: { bytes: body } } : {}),
      });
      const context = contextFor(match.route.registration, headers.traceparent, headers.tracestate);
      try {
        await writeResponse(res, (await match.route.registration.handler(request, context)) as HttpResponseInit);
      } catch (error) {
        // The host answers 500 when a handler throws; so do we.
        log('error', 'handler threw', error);
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const runTimer = async (name: string): Promise<void> => {
    const registration = registrations.get(name);
    if (!registration) throw new Error(`no function ${name}`);
    await registration.handler({ isPastDue: false, scheduleStatus: undefined }, contextFor(registration));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    runTimer,
    startSchedules() {
      const timers = [...registrations.values()].filter((r) => Object.values(r.bindings).some((b) => b.type === 'timerTrigger'));
      return runSchedules(timers, runTimer, (name, error) => log('error', `timer ${name} failed`, error));
    },
    // As the host shuts a worker down: the app's appTerminate hooks first, then the listener.
    close: async () => {
      await runHooks('appTerminate');
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
