import { metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';
import type { TelemetryPipeline } from '../pipeline';

export const serviceName = 'graph-call-invites';

/**
 * Registers the OpenTelemetry SDK's providers globally: traces (with the AsyncLocalStorage context
 * manager and W3C trace context), metrics and logs, all sending to `pipeline`. Root spans are
 * sampled at `samplingRatio`; child spans follow their parent.
 */
export function registerProviders(pipeline: TelemetryPipeline, samplingRatio: number): void {
  const resource = resourceFromAttributes({ 'service.name': serviceName });
  const tracerProvider = new NodeTracerProvider({
    resource,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(samplingRatio) }),
    spanProcessors: [...pipeline.spanProcessors],
  });
  tracerProvider.register();
  metrics.setGlobalMeterProvider(new MeterProvider({ resource, readers: [...pipeline.metricReaders] }));
  logs.setGlobalLoggerProvider(new LoggerProvider({ resource, processors: [...pipeline.logRecordProcessors] }));
}
