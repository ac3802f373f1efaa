import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { LogHandler } from '@azure/functions';
import { startAzuriteTables, type AzuriteTables } from './azurite';
import { installFunctionsCore } from './functionsCore';
import { randomBytes } from 'node:crypto';
import { startFunctionsHost, type FunctionKeys, type FunctionsHost } from './functionsHost';
import { startGraphSimulator, type RunningSimulator } from './simulator/simulatorServer';
import { createLocalTls, type LocalTls } from './tls';
import { useServiceOverrides } from '../src/lib/app/services';
import type { ImmediateFault } from '../src/lib/app/immediateDelivery';
import type { ApiAuthMode } from '../src/lib/config/apiAuthMode';
import type { Resolve } from '../src/lib/webhooks/webhookSender';
import type { TelemetryPipeline } from '../src/lib/telemetry/pipeline';

/** Everything the app talks to, on this machine, with no Azure account and no network. */
export interface LocalStack {
  readonly host: FunctionsHost;
  readonly simulator: RunningSimulator;
  readonly azurite: AzuriteTables;
  readonly tls: LocalTls;
  /** The app settings the stack set, as a Functions host would from local.settings.json. */
  readonly settings: Readonly<Record<string, string>>;
  /** The keys the host asks for, where API_AUTH_MODE uses keys (functionKey, both). */
  readonly functionKeys: FunctionKeys | undefined;
  /** Restarts Azurite on the same port (its in-memory data is lost, as after an outage). */
  restartAzurite(): Promise<void>;
  stopAzurite(): Promise<void>;
  close(): Promise<void>;
}

export interface LocalStackOptions {
  readonly hostPort?: number;
  readonly simulatorPort?: number;
  readonly azuritePort?: number;
  readonly log?: LogHandler;
  /** The app's clock; tests move it forward to reach invitation deadlines. */
  readonly now?: () => Date;
  readonly extraSettings?: Readonly<Record<string, string>>;
  /** Keep Azurite's data on disk, so a restart (an outage) loses nothing. */
  readonly persistAzurite?: boolean;
  /** Loads the function app; by default its TypeScript entry (tests). `npm start` loads the build. */
  readonly loadApp?: () => Promise<unknown>;
  /** Use this certificate and an Azurite already running with it (the benchmarks run it apart). */
  readonly external?: { readonly tls: LocalTls; readonly azuriteEndpoint: string };
  /** Wraps the Azure SDK transport, e.g. to inject storage faults. */
  readonly wrapHttpClient?: (inner: HttpClient) => HttpClient;
  /** See ServiceOverrides.callbackKeysCooldownMs. */
  readonly callbackKeysCooldownMs?: number;
  /** See ServiceOverrides.keysTimeoutMs. */
  readonly keysTimeoutMs?: number;
  /**
   * API_AUTH_MODE (default entra). Read when the app registers its functions, so one mode per
   * process. Where it uses keys the host enforces them, as in Azure, with keys made up here.
   */
  readonly apiAuthMode?: ApiAuthMode;
  /** How webhook host names resolve (tests map names to addresses); DNS by default. */
  readonly resolve?: Resolve;
  /** Exporters that receive the app's telemetry (the tests' in-memory ones); see ServiceOverrides. */
  readonly telemetry?: TelemetryPipeline;
  /** Immediate webhook delivery stops as if the process died there; see ServiceOverrides. */
  readonly immediateFault?: () => ImmediateFault;
  /** How long the sweeps' bookkeeping waits behind its change; see ServiceOverrides. */
  readonly writeBehindMs?: number;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const apiAuthMode = options.apiAuthMode ?? 'entra';
  // The registrations read it as they load (the host's auth level of each route).
  process.env.API_AUTH_MODE = apiAuthMode;
  const registrations = installFunctionsCore();
  await (options.loadApp ? options.loadApp() : import('../src/index.js'));
  const tls = options.external?.tls ?? (await createLocalTls());
  const location = options.persistAzurite ? mkdtempSync(join(tmpdir(), 'graph-invites-azurite-')) : undefined;
  const azuriteOptions = { certFile: tls.certFile, keyFile: tls.keyFile, location };
  let azurite: AzuriteTables = options.external
    ? { port: Number(new URL(options.external.azuriteEndpoint).port), endpoint: options.external.azuriteEndpoint, stop: async () => {} }
    : await startAzuriteTables({ ...azuriteOptions, port: options.azuritePort });
  const simulator = await startGraphSimulator({ tls, httpPort: options.simulatorPort });
  const key = () => randomBytes(24).toString('base64url');
  const functionKeys = apiAuthMode === 'entra' ? undefined : { function: key(), master: key() };
  const host = await startFunctionsHost(registrations, { port: options.hostPort, log: options.log, ...(functionKeys ? { functionKeys } : {}) });
  // The API registration's web redirect URI: the operator console's sign-in route.
  simulator.signIn.redirectUris.add(`${host.url}/api/console/signin`);
  const s = simulator.sim.settings;
  const settings: Record<string, string> = {
    STORAGE_TABLE_ENDPOINT: azurite.endpoint,
    MANAGED_IDENTITY_CLIENT_ID: s.managedIdentityClientId,
    GRAPH_AUTH_MODE: 'federatedBot',
    BOT_APP_ID: s.botAppId,
    BOT_TENANT_ID: s.tenantId,
    GRAPH_BASE_URL: `${simulator.httpUrl}/v1.0`,
    ENTRA_AUTHORITY_HOST: simulator.httpsUrl,
    CALLBACK_OPENID_METADATA_URL: `${simulator.httpUrl}/callback-auth/.well-known/OpenIdConfiguration`,
    PUBLIC_BASE_URL: host.url,
    // Set by the platform in Azure; the local managed identity endpoint stands in for it.
    IDENTITY_ENDPOINT: `${simulator.httpUrl}/msi/token`,
    IDENTITY_HEADER: simulator.sim.identity.identityHeader,
    API_AUTH_MODE: apiAuthMode,
    API_CLIENT_ID: simulator.callers.api.clientId,
    API_ALLOWED_TENANTS: s.tenantId,
    // Webhook receivers here are local servers: http to loopback is allowed (never in Azure).
    WEBHOOK_URL_POLICY: 'localStack',
    // Tests run the timers by hand: a run is one pass (the minute timer's loop is for real schedules).
    SWEEP_RUN_SECONDS: '0',
    ...options.extraSettings,
  };
  Object.assign(process.env, settings);
  const httpClient = options.wrapHttpClient ? options.wrapHttpClient(tls.httpClient) : tls.httpClient;
  useServiceOverrides({
    httpClient,
    fetch: tls.fetch,
    ...(options.now ? { now: options.now } : {}),
    callbackKeysCooldownMs: options.callbackKeysCooldownMs,
    ...(options.keysTimeoutMs === undefined ? {} : { keysTimeoutMs: options.keysTimeoutMs }),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.immediateFault ? { immediateFault: options.immediateFault } : {}),
    ...(options.writeBehindMs === undefined ? {} : { writeBehindMs: options.writeBehindMs }),
  });
  let azuriteRunning = true;
  return {
    host,
    simulator,
    tls,
    settings,
    functionKeys,
    get azurite() {
      return azurite;
    },
    async stopAzurite() {
      if (azuriteRunning) await azurite.stop();
      azuriteRunning = false;
    },
    async restartAzurite() {
      if (azuriteRunning) await azurite.stop();
      azurite = await startAzuriteTables({ ...azuriteOptions, port: azurite.port });
      azuriteRunning = true;
    },
    async close() {
      await simulator.close();
      await host.close();
      if (azuriteRunning) await azurite.stop();
    },
  };
}
