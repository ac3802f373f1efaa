import { environment } from './environment';

/*
 * Where the app's OpenTelemetry goes (docs/operations.md "Telemetry"). Read without zod, like API_AUTH_MODE,
 * because the function registrations ask whether telemetry is on (to tell the Functions host the
 * worker exports its own logs) and registration must stay small. config.ts validates the ratio
 * with the other settings.
 *   azureMonitor  APPLICATIONINSIGHTS_CONNECTION_STRING is set (Azure): Application Insights, Entra auth
 *   otlp          OTEL_EXPORTER_OTLP_ENDPOINT is set: OTLP/HTTP to a local collector or dashboard
 *   console       TELEMETRY_CONSOLE=true: spans, metrics and logs printed to stdout
 *   none          otherwise: the OpenTelemetry API's no-op providers
 */
export type TelemetryExporter = 'azureMonitor' | 'otlp' | 'console' | 'none';

export interface TelemetryConfig {
  readonly exporter: TelemetryExporter;
  readonly connectionString: string | undefined;
  readonly otlpEndpoint: string | undefined;
  /** Share of traces kept (0 < ratio <= 1); logs follow their trace's decision. */
  readonly samplingRatio: number;
  /** The user-assigned identity that authenticates ingestion (Application Insights has local auth off). */
  readonly managedIdentityClientId: string | undefined;
}

const present = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** A ratio in (0, 1]; anything else is reported by config.ts and falls back to 1 here. */
export function samplingRatioOf(raw: string | undefined): number {
  const ratio = Number(present(raw) ?? '1');
  return ratio > 0 && ratio <= 1 ? ratio : 1;
}

export function telemetryConfig(env: Readonly<Record<string, string | undefined>> = environment()): TelemetryConfig {
  const connectionString = present(env.APPLICATIONINSIGHTS_CONNECTION_STRING);
  const otlpEndpoint = present(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const exporter: TelemetryExporter = connectionString
    ? 'azureMonitor'
    : otlpEndpoint
      ? 'otlp'
      : present(env.TELEMETRY_CONSOLE)?.toLowerCase() === 'true'
        ? 'console'
        : 'none';
  return {
    exporter,
    connectionString,
    otlpEndpoint,
    samplingRatio: samplingRatioOf(env.TELEMETRY_SAMPLING_RATIO),
    managedIdentityClientId: present(env.MANAGED_IDENTITY_CLIENT_ID),
  };
}
