import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Telemetry } from '../telemetry/telemetry';
import { withSpan } from '../telemetry/withSpan';
import { graphErrorInfo } from './graphErrorBody';

/** The request's path with the call id replaced: a span name of low cardinality. */
export function graphOperationName(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/(v1\.0|beta)/, '').replace(/\/calls\/[^/]+/, '/calls/{callId}');
  return `Graph ${method} ${path}`;
}

async function errorCodeOf(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    return graphErrorInfo(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined, undefined).code;
  } catch {
    return undefined;
  }
}

/**
 * Between the RetryHandler and the transport: one client span per attempt (so a throttled invite
 * shows each 429 and its retry), with Graph's status, request id and innermost error code (e.g.
 * 7503), and the graph.responses metric.
 */
export class GraphTelemetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly telemetry: Telemetry) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (context.options?.method ?? (typeof context.request === 'string' ? 'GET' : context.request.method)).toUpperCase();
    const callId = /\/calls\/([^/]+)/.exec(new URL(url).pathname)?.[1];
    const attributes = { 'http.request.method': method, 'server.address': new URL(url).hostname, ...(callId ? { callId: decodeURIComponent(callId) } : {}) };
    await withSpan(this.telemetry.tracer, graphOperationName(method, url), { kind: SpanKind.CLIENT, attributes }, async (span) => {
      if (!this.next) throw new Error('GraphTelemetryHandler must not be the last middleware');
      await this.next.execute(context);
      const response = context.response;
      if (!response) return;
      const graphRequestId = response.headers.get('request-id') ?? undefined;
      const graphErrorCode = response.ok ? undefined : await errorCodeOf(response);
      span.setAttributes({
        'http.response.status_code': response.status,
        ...(graphRequestId ? { graphRequestId } : {}),
        ...(graphErrorCode ? { graphErrorCode } : {}),
      });
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      this.telemetry.metrics.graphResponse(response.status, graphErrorCode);
    });
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
