import { InMemoryLogRecordExporter, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TelemetryPipeline } from '../../src/lib/telemetry/pipeline';

/** One metric data point, flattened: the instrument's name, its attributes and value. */
export interface MetricPoint {
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  readonly value: number | Histogram;
}

/** The OpenTelemetry SDK's own in-memory exporters, as the pipeline the app's telemetry goes to. */
export interface InMemoryTelemetry {
  readonly pipeline: TelemetryPipeline;
  spans(): ReadableSpan[];
  logs(): ReadableLogRecord[];
  /** Collects the metrics now (cumulative since start) and returns every data point. */
  metrics(): Promise<MetricPoint[]>;
}

export function inMemoryTelemetry(): InMemoryTelemetry {
  const spans = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exported only when asked (forceFlush), never on a timer.
  const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 24 * 3600_000 });
  return {
    pipeline: {
      spanProcessors: [new SimpleSpanProcessor(spans)],
      metricReaders: [reader],
      logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logs })],
    },
    spans: () => spans.getFinishedSpans(),
    logs: () => logs.getFinishedLogRecords(),
    async metrics() {
      metrics.reset();
      await reader.forceFlush();
      return metrics.getMetrics().flatMap((rm) =>
        rm.scopeMetrics.flatMap((sm) =>
          sm.metrics.flatMap((m) => (m.dataPoints as DataPoint<number | Histogram>[]).map((p) => ({ name: m.descriptor.name, attributes: { ...p.attributes }, value: p.value }))),
        ),
      );
    },
  };
}
