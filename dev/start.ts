/*
 * `npm start`: the whole product on this machine, offline. Azurite Tables, the Graph simulator
 * (Graph, managed identity, Entra, the callback signing keys) and the function app on :7071,
 * served from the same registrations the Functions host uses.
 */
import { join } from 'node:path';
import { requestToken } from './callerToken';
import { startLocalStack } from './localStack';
import { startBanner } from './startBanner';

/** The deployable build, exactly what package.json "main" gives the Functions host. */
const root = join(__dirname, '..', '..');
const appEntry = join(root, (require(join(root, 'package.json')) as { main: string }).main);

const hostPort = Number(process.env.PORT ?? 7071);

/** Where this run's spans, logs and metrics go (docs/operations.md "Telemetry"). */
function telemetryNote(): string {
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return `OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`;
  if (process.env.TELEMETRY_CONSOLE === 'true') return 'printed below as it happens (spans, log records; metrics every 10 s)';
  return 'off; TELEMETRY_CONSOLE=true npm start prints it, OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 npm start sends it over OTLP';
}

async function main(): Promise<void> {
  const stack = await startLocalStack({
    hostPort,
    simulatorPort: Number(process.env.SIMULATOR_PORT ?? 7081),
    log: (level, ...args) => console.log(`[${level}]`, ...args),
    loadApp: async () => require(appEntry),
    // The minute timer's real loop (the tests' stacks make a run one pass).
    extraSettings: { SWEEP_RUN_SECONDS: '40' },
  });
  const call = stack.simulator.sim.createCall(`${stack.host.url}/api/callback`);
  // Every timer on its schedule, as the host would run it (the daily ones too, should this run so long).
  const timers = stack.host.startSchedules();
  const { bot, operator, connector, maker } = stack.simulator.localCallers;
  const { appIdUri, tenantId } = stack.simulator.callers.api;
  console.log(
    startBanner({
      api: stack.host.url,
      sim: stack.simulator.httpUrl,
      azuriteEndpoint: stack.azurite.endpoint,
      callId: call.id,
      token: await requestToken(stack, bot.appId),
      tenantId,
      appIdUri,
      botAppId: bot.appId,
      operatorAppId: operator.appId,
      connectorAppId: connector.appId,
      maker,
      telemetry: telemetryNote(),
      consoleUsers: [...stack.simulator.signIn.users.values()],
    }),
  );
  const stop = () => {
    void timers.stop().then(() => stack.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
