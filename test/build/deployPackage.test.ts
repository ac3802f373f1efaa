import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { packageRoot, resolveRemoteBuild, zipEntries, type ServiceConfig } from '../support/azdPackaging';

const repo = join(__dirname, '..', '..');
const azureYaml = parse(readFileSync(join(repo, 'azure.yaml'), 'utf8')) as { services: Record<string, ServiceConfig> };
const service = azureYaml.services.api as ServiceConfig;

describe("azd's remote-build decision for this repository", () => {
  it('follows azd\'s rules (checked on the cases azd\'s own tests list)', () => {
    expect(resolveRemoteBuild('node_modules/\n', undefined)).toBe(true);
    expect(resolveRemoteBuild('*.log\n', undefined)).toBe(false);
    expect(resolveRemoteBuild(undefined, undefined)).toBe(true);
    expect(() => resolveRemoteBuild('\uFEFFnode_modules\n', false)).toThrow(/'remoteBuild: false' cannot be used/);
    expect(() => resolveRemoteBuild('*.log\n', true)).toThrow(/'remoteBuild: true' requires/);
  });

  it('is stated in azure.yaml, and .funcignore agrees: no remote build', () => {
    expect(service).toMatchObject({ language: 'ts', host: 'function', remoteBuild: false, dist: 'dist/package' });
    const funcignore = readFileSync(join(repo, service.project, '.funcignore'), 'utf8');
    expect(resolveRemoteBuild(funcignore, service.remoteBuild)).toBe(false);
  });
});

describe('the package azd uploads (after `npm run build`, as azd runs it)', () => {
  execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'pipe', shell: process.platform === 'win32' });
  // A copy of the stage with local data planted in it: the zip must still hold only the app.
  const stage = mkdtempSync(join(tmpdir(), 'graph-invites-stage-'));
  cpSync(packageRoot(repo, service), stage, { recursive: true });
  for (const planted of ['.azurite/__azurite_db_table__.json', 'coverage/index.html', 'local.settings.json', '.azure/dev/.env', 'dist/main.js.map']) {
    mkdirSync(dirname(join(stage, planted)), { recursive: true });
    writeFileSync(join(stage, planted), 'local data');
  }
  const entries = zipEntries(stage);

  it('holds host.json, a runtime package.json and the bundle, and nothing else', () => {
    expect(entries).toEqual(['dist/app.js', 'dist/main.js', 'dist/telemetry.js', 'host.json', 'package.json']);
    const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.main).toBe('dist/main.js');
    for (const buildTime of ['scripts', 'devDependencies', 'dependencies', 'allowScripts']) expect(pkg).not.toHaveProperty(buildTime);
    expect(readFileSync(join(stage, 'host.json'), 'utf8')).toBe(readFileSync(join(repo, 'host.json'), 'utf8'));
  });

  it("registers every function from the package alone, in a fresh Node process, and a handler runs", async () => {
    // The unzipped package in a folder with no node_modules anywhere above it.
    const site = mkdtempSync(join(tmpdir(), 'graph-invites-site-'));
    for (const entry of entries) {
      mkdirSync(dirname(join(site, entry)), { recursive: true });
      cpSync(join(stage, entry), join(site, entry));
    }
    // The worker's @azure/functions-core, as the local host supplies it, preloaded from outside the package.
    const tools = mkdtempSync(join(tmpdir(), 'graph-invites-core-'));
    const core = join(tools, 'functionsCore.cjs');
    await build({ entryPoints: [join(repo, 'dev', 'functionsCore.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: core, logLevel: 'warning' });
    const probe = `
      const { installFunctionsCore } = require(${JSON.stringify(core)});
      const registrations = installFunctionsCore();
      require(require('node:path').resolve(require('./package.json').main));
      const context = { invocationId: 'probe', log() {}, warn() {}, error() {}, info() {}, debug() {}, trace() {} };
      const levels = Object.fromEntries([...registrations.values()].map((r) => [r.name, r.bindings.req?.authLevel]));
      const worker = globalThis[Symbol.for('graph-call-invites.functions-core')].worker;
      registrations.get('openapi').handler({ method: 'GET', url: 'https://package.example.net/api/openapi.json', headers: new Headers() }, context)
        .then(async (r) => {
          // What the worker would ask the app once it has loaded (capabilities), and the hooks it got.
          const capabilities = worker.model ? await worker.model.getCapabilities({}) : {};
          const tracing = require('node:util').inspect(globalThis[Symbol.for('opentelemetry.js.api.1')]?.trace, { depth: 0 });
          console.log(JSON.stringify({ names: [...registrations.keys()], levels, status: r.status, host: r.jsonBody.host, security: Object.keys(r.jsonBody.securityDefinitions), capabilities, hooks: worker.hooks, tracing }));
          process.exit(0);
        });`;
    const run = (mode: string, extra: Record<string, string> = {}) => {
      const output = execFileSync(process.execPath, ['-e', probe], {
        cwd: site,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
          BOT_APP_ID: 'app',
          BOT_TENANT_ID: 'tenant',
          PUBLIC_BASE_URL: 'https://package.example.net',
          API_CLIENT_ID: '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e',
          ...(mode ? { API_AUTH_MODE: mode } : {}),
          ...extra,
        },
      });
      return JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
        names: string[];
        levels: Record<string, string | undefined>;
        status: number;
        host: string;
        security: string[];
        capabilities: Record<string, string>;
        hooks: string[];
        tracing: string;
      };
    };
    const result = run('');
    expect(result.names.sort()).toEqual(
      ['callRoster', 'callTimeline', 'callView', 'callback', 'cancelInvitation', 'consoleAction', 'consoleAsset', 'consoleCall', 'consoleCalls', 'consoleResume', 'consoleSignIn', 'consoleSignOut', 'consoleSignedOut', 'createSubscription', 'createTriggerSubscription', 'deleteSubscription', 'deliverWebhooks', 'finalizeInvitations', 'findInvitation', 'getCall', 'getSubscription', 'hangUpCall', 'health', 'invitationStatus', 'inviteIntoMeeting', 'inviteParticipant', 'listCalls', 'listNotificationInbox', 'listWebhookDeliveries', 'openapi', 'placeCall', 'purgeIdleCalls', 'removeParticipant', 'replayNotificationInbox', 'replayNotifications', 'resumeSubscription'].sort(),
    );
    expect(result).toMatchObject({ status: 200, host: 'package.example.net', security: ['oauth2_auth'] });
    // No telemetry configured: the host keeps the worker's logs, no SDK is loaded; the one hook is
    // the app's own shutdown (functions/appTerminate.ts).
    expect(result.capabilities.WorkerOpenTelemetryEnabled).toBeUndefined();
    expect(result.hooks).toEqual(['appTerminate']);
    // API_AUTH_MODE, read as the functions register: entra (the default) leaves the keys to the app's
    // token check; functionKey and both have the host ask for keys as before.
    const api = ['inviteParticipant', 'invitationStatus', 'findInvitation', 'callRoster', 'callTimeline', 'callView', 'listNotificationInbox', 'replayNotificationInbox', 'cancelInvitation', 'removeParticipant', 'createSubscription', 'createTriggerSubscription', 'getSubscription', 'deleteSubscription', 'listWebhookDeliveries', 'resumeSubscription'];
    for (const name of api) expect(result.levels[name], name).toBe('anonymous');
    for (const mode of ['functionKey', 'both']) {
      const keyed = run(mode);
      expect(keyed.levels, mode).toMatchObject({ inviteParticipant: 'function', invitationStatus: 'function', findInvitation: 'function', callRoster: 'function', listNotificationInbox: 'admin', replayNotificationInbox: 'admin', callback: 'anonymous', health: 'anonymous', openapi: 'anonymous', cancelInvitation: 'function', removeParticipant: 'function', createSubscription: 'function', deleteSubscription: 'function', listWebhookDeliveries: 'admin', resumeSubscription: 'admin' });
      expect(keyed.security).toEqual(['api_key']);
    }
    // With Application Insights configured: the worker exports telemetry itself, and the SDK and the
    // Functions instrumentation load from the package (dist/telemetry.js) on first use.
    // Everything on loopback, and the distro's own statistics off: the probe exits before any export.
    const insights = run('', {
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/',
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
      MANAGED_IDENTITY_CLIENT_ID: 'mi-client',
      IDENTITY_ENDPOINT: 'http://127.0.0.1:9/msi',
      IDENTITY_HEADER: 'local',
    });
    expect(insights).toMatchObject({ status: 200, capabilities: { WorkerOpenTelemetryEnabled: 'true' } });
    // The instrumentation's hooks: the host's trace context for each invocation, and context.log lines.
    expect([...insights.hooks].sort()).toEqual(['appTerminate', 'log', 'preInvocation']);
    expect(insights.tracing).toContain('TracerProvider');
  });
});
