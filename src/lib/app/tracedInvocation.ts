import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { dimensionsOf } from '../telemetry/dimensions';
import { withSpan } from '../telemetry/withSpan';
import { getTelemetry } from './services';
import { withTelemetryLog } from './telemetryContext';

type Handler<Input, Result> = (input: Input, context: InvocationContext) => Promise<Result>;

function httpRequestOf(input: unknown): HttpRequest | undefined {
  const candidate = input as Partial<HttpRequest> | undefined;
  return typeof candidate?.url === 'string' && typeof candidate.method === 'string' && typeof candidate.headers?.get === 'function' ? (candidate as HttpRequest) : undefined;
}

/** The route template the function was registered with (never the values in the URL). */
function routeOf(context: InvocationContext): string | undefined {
  // A context built by hand (tests, tools) may carry no options.
  const route = ((context as Partial<InvocationContext>).options?.trigger as { route?: unknown } | undefined)?.route;
  return typeof route === 'string' ? `/api/${route}` : undefined;
}

/**
 * One span per invocation, in the trace the Functions host started (its traceContext), or the
 * caller's (`traceparent`): a server span for HTTP, named by method and route, with the route's ids
 * as dimensions; an internal one for timers. Everything the handler does, Graph and Table requests
 * included, is a child of it; its logs carry its trace.
 */
export function traced<Input, Result>(name: string, handler: Handler<Input, Result>): Handler<Input, Result> {
  return async (input, context) => {
    const telemetry = await getTelemetry();
    const startFailure = telemetry.takeStartFailure();
    if (startFailure) context.warn(startFailure);
    const request = httpRequestOf(input);
    const carrier = {
      traceparent: context.traceContext?.traceParent ?? request?.headers.get('traceparent') ?? undefined,
      tracestate: context.traceContext?.traceState ?? request?.headers.get('tracestate') ?? undefined,
    };
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const route = request ? routeOf(context) : undefined;
    const attributes: Attributes = {
      'faas.invocation_id': String(context.invocationId),
      'faas.name': name,
      'faas.trigger': request ? 'http' : 'timer',
      ...(request ? { 'http.request.method': request.method, 'url.path': new URL(request.url).pathname, ...(route ? { 'http.route': route } : {}) } : {}),
      ...dimensionsOf(request?.params ?? {}),
    };
    const spanName = request ? `${request.method} ${route ?? name}` : name;
    const kind = request ? SpanKind.SERVER : SpanKind.INTERNAL;
    return withSpan(
      telemetry.tracer,
      spanName,
      { kind, attributes },
      async (span) => {
        const result = await handler(input, withTelemetryLog(context, telemetry));
        if (request) {
          const status = (result as HttpResponseInit | undefined)?.status ?? 200;
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return result;
      },
      parent,
    );
  };
}
