import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Where the SDK sends what the app records: span processors, metric readers and log record
 * processors with their exporters. The local stack builds one for the console or OTLP; the tests
 * hand in the SDK's in-memory exporters.
 */
export interface TelemetryPipeline {
  readonly spanProcessors: readonly SpanProcessor[];
  readonly metricReaders: readonly MetricReader[];
  readonly logRecordProcessors: readonly LogRecordProcessor[];
}
