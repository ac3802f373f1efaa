import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { withSpan } from './withSpan';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
import type { Telemetry } from './telemetry';

/**
 * An Azure SDK transport that records a client span per HTTP request (every retry is one), in the
 * trace of whatever the app is doing: the Table writes of a request, the token requests of a
 * credential. Only the method, host, status and the service's request id are recorded; never the
 * URL's query or any header.
 */
export function tracedHttpClient(inner: HttpClient, telemetry: Telemetry, spanName: (request: PipelineRequest) => string): HttpClient {
  return {
    sendRequest(request) {
      const url = new URL(request.url);
      const attributes = { 'http.request.method': request.method, 'server.address': url.hostname, 'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
      return withSpan(telemetry.tracer, spanName(request), { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const response = await inner.sendRequest(request);
        span.setAttribute('http.response.status_code', response.status);
        const requestId = response.headers.get('x-ms-request-id');
        if (requestId) span.setAttribute('storageRequestId', requestId);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      });
    },
  };
}
