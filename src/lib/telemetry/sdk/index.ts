/*
 * The OpenTelemetry SDK and its exporters: bundled apart (dist/telemetry.js) and loaded only when
 * telemetry is on, so neither registration nor an app without telemetry pays for them.
 */
import type { TelemetryConfig } from '../../config/telemetrySettings';
import type { TelemetryPipeline } from '../pipeline';
import { startAzureMonitor } from './azureMonitor';
import { consolePipeline, otlpPipeline } from './exportPipelines';
import { registerProviders } from './registerProviders';

/** Starts the SDK for `config`; `extra` (the tests' in-memory exporters) receives everything too. */
export function startSdk(config: TelemetryConfig, extra: TelemetryPipeline | undefined): void {
  switch (config.exporter) {
    case 'azureMonitor':
      startAzureMonitor(config, extra);
      return;
    case 'otlp':
      registerProviders(otlpPipeline(config.otlpEndpoint ?? ''), config.samplingRatio);
      return;
    case 'console':
      registerProviders(consolePipeline(), config.samplingRatio);
      return;
    case 'none':
      if (extra) registerProviders(extra, config.samplingRatio);
  }
}
