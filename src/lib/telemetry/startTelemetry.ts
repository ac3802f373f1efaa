import type { TelemetryConfig } from '../config/telemetrySettings';
import type { TelemetryPipeline } from './pipeline';
import { createTelemetry, type Telemetry } from './telemetry';

/**
 * Starts telemetry once per process: the SDK (loaded here, on first use, never at registration)
 * when an exporter is configured or a pipeline is handed in, else the API's no-op providers.
 * Telemetry never stops the app: if the SDK cannot start, the app runs without it, and the first
 * invocation says why in its log.
 */
export async function startTelemetry(config: TelemetryConfig, extra?: TelemetryPipeline): Promise<Telemetry> {
  if (config.exporter === 'none' && !extra) return createTelemetry('none');
  try {
    const sdk = await import('./sdk/index.js');
    sdk.startSdk(config, extra);
    return createTelemetry(config.exporter);
  } catch (error) {
    return createTelemetry('none', `telemetry not started (${config.exporter}): ${error instanceof Error ? error.name : 'error'}`);
  }
}
