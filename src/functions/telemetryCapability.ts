import { app } from '@azure/functions';
import { telemetryConfig } from '../lib/config/telemetrySettings';

/*
 * Where the app exports telemetry itself (Azure Monitor), the Functions host must leave the
 * worker's logs to it, or every line arrives twice. The host asks for the worker's capabilities
 * once the entry point has loaded, and app.setup() is refused after that, so this is said here, at
 * registration. It loads nothing: the OpenTelemetry SDK and the Functions instrumentation load on
 * the first invocation (lib/telemetry/sdk).
 */
if (telemetryConfig().exporter === 'azureMonitor') {
  app.setup({ capabilities: { WorkerOpenTelemetryEnabled: true } });
}
