import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchLogRecordProcessor, ConsoleLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryPipeline } from '../pipeline';

/** Metrics are exported every 10 s locally: soon enough to watch while trying the app. */
const localMetricIntervalMs = 10_000;

/** `npm start` with TELEMETRY_CONSOLE=true: everything printed to stdout as it happens. */
export function consolePipeline(): TelemetryPipeline {
  return {
    spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
    metricReaders: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: localMetricIntervalMs })],
    logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
  };
}

/** OTLP over HTTP to `endpoint` (a collector, Jaeger or the Aspire dashboard on this machine). */
export function otlpPipeline(endpoint: string): TelemetryPipeline {
  const base = endpoint.replace(/\/+$/, '');
  return {
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }))],
    metricReaders: [
      new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }), exportIntervalMillis: localMetricIntervalMs }),
    ],
    logRecordProcessors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${base}/v1/logs` }) })],
  };
}
