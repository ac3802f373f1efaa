import * as azureFunctions from '@azure/functions';
import { AzureFunctionsInstrumentation } from '@azure/functions-opentelemetry-instrumentation';
import { ManagedIdentityCredential } from '@azure/identity';
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import type { TelemetryConfig } from '../../config/telemetrySettings';
import type { TelemetryPipeline } from '../pipeline';

/**
 * Azure: the Azure Monitor distro exports to Application Insights, authenticating with the
 * managed identity (the component has local auth off; the identity holds Monitoring Metrics
 * Publisher on it). The app records its own spans for Graph and Table Storage, so the distro's
 * http and Azure SDK auto-instrumentations stay off (they patch modules as they are required, and
 * the bundle requires none by name).
 *
 * The Functions instrumentation is applied to @azure/functions here, on first use, because
 * loading it at registration would cost cold start tens of milliseconds; registration has already
 * told the host that the worker exports its own telemetry (functions/telemetryCapability.ts). It
 * binds each later invocation to the host's trace context, and forwards `context.log` lines that
 * the app does not write itself (the app's own lines are records with dimensions).
 */
export function startAzureMonitor(config: TelemetryConfig, extra: TelemetryPipeline | undefined): void {
  const credential = config.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: config.managedIdentityClientId }) : new ManagedIdentityCredential();
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: config.connectionString, credential },
    samplingRatio: config.samplingRatio,
    // The ratio decides, not a rate limit of traces per second.
    tracesPerSecond: 0,
    instrumentationOptions: { http: { enabled: false }, azureSdk: { enabled: false } },
    ...(extra
      ? { spanProcessors: [...extra.spanProcessors], metricReaders: [...extra.metricReaders], logRecordProcessors: [...extra.logRecordProcessors] }
      : {}),
  });
  const instrumentation = new AzureFunctionsInstrumentation();
  for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.(azureFunctions);
}
