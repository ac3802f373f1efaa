import { metrics, trace, type Span, type Tracer } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { TelemetryExporter } from '../config/telemetrySettings';
import { createAppMetrics, type AppMetrics } from './appMetrics';
import { dimensionsOf } from './dimensions';

/** The Functions log levels (as @azure/functions names them). */
export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';

/**
 * The app's telemetry: spans, metrics and log records with dimensions, through the OpenTelemetry
 * API. Whichever SDK is registered (Azure Monitor, OTLP, console, the tests' in-memory exporters,
 * or none) receives them; the app's code is the same in every case.
 */
export interface Telemetry {
  readonly exporter: TelemetryExporter;
  readonly tracer: Tracer;
  readonly metrics: AppMetrics;
  /** A log record carrying the allowed dimensions of `fields`, in the active span's trace. */
  log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void;
  /** Puts the allowed dimensions of `fields` on the active span (the first value of each stays). */
  annotate(fields: Readonly<Record<string, unknown>>): void;
  /**
   * Whether log lines also go to `context.log`. Not where the worker exports telemetry itself
   * (Azure Monitor): the Functions host then leaves the worker's logs to it, and a second, flattened
   * copy of each line (azure-functions-nodejs-library #227) would only duplicate the record.
   */
  readonly writesHostLog: boolean;
  /** Why the configured exporter could not start, once: the first invocation logs it through its context. */
  takeStartFailure(): string | undefined;
}

const instrumentationScope = 'graph-call-invites';

const severities: Record<LogLevel, SeverityNumber> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  information: SeverityNumber.INFO,
  warning: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  critical: SeverityNumber.FATAL,
  none: SeverityNumber.UNSPECIFIED,
};

/** The dimensions already on each span, so a later log line does not overwrite the first value. */
const annotated = new WeakMap<Span, Set<string>>();

export function createTelemetry(exporter: TelemetryExporter, startFailure?: string): Telemetry {
  const logger = logs.getLogger(instrumentationScope);
  let unreported = startFailure;
  return {
    exporter,
    tracer: trace.getTracer(instrumentationScope),
    metrics: createAppMetrics(metrics.getMeter(instrumentationScope)),
    log(level, message, fields) {
      if (level === 'none') return;
      logger.emit({ severityNumber: severities[level], severityText: level, body: message, attributes: dimensionsOf(fields) });
    },
    annotate(fields) {
      const span = trace.getActiveSpan();
      if (!span) return;
      const seen = annotated.get(span) ?? new Set<string>();
      annotated.set(span, seen);
      for (const [name, value] of Object.entries(dimensionsOf(fields))) {
        if (seen.has(name) || value === undefined) continue;
        seen.add(name);
        span.setAttribute(name, value);
      }
    },
    writesHostLog: exporter !== 'azureMonitor',
    takeStartFailure() {
      const failure = unreported;
      unreported = undefined;
      return failure;
    },
  };
}
