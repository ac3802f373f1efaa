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
    expect(entries).toEqual(['dist/app.js', 'dist/main.js', 'host.json', 'package.json']);
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
      registrations.get('openapi').handler({ method: 'GET', url: 'https://package.example.net/api/openapi.json', headers: new Headers() }, context)
        .then((r) => console.log(JSON.stringify({ names: [...registrations.keys()], levels, status: r.status, host: r.jsonBody.host, security: Object.keys(r.jsonBody.securityDefinitions) })));`;
    const run = (mode: string) => {
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
        },
      });
      return JSON.parse(output.trim().split('\n').pop() ?? '{}') as { names: string[]; levels: Record<string, string | undefined>; status: number; host: string; security: string[] };
    };
    const result = run('');
    expect(result.names.sort()).toEqual(
      ['callRoster', 'callback', 'cancelInvitation', 'createSubscription', 'createTriggerSubscription', 'deleteSubscription', 'deliverWebhooks', 'finalizeInvitations', 'findInvitation', 'getSubscription', 'health', 'invitationStatus', 'inviteParticipant', 'listNotificationInbox', 'listWebhookDeliveries', 'openapi', 'purgeIdleCalls', 'removeParticipant', 'replayNotificationInbox', 'replayNotifications', 'resumeSubscription'].sort(),
    );
    expect(result).toMatchObject({ status: 200, host: 'package.example.net', security: ['oauth2_auth'] });
    // API_AUTH_MODE, read as the functions register: entra (the default) leaves the keys to the app's
    // token check; functionKey and both have the host ask for keys as before.
    const api = ['inviteParticipant', 'invitationStatus', 'findInvitation', 'callRoster', 'listNotificationInbox', 'replayNotificationInbox', 'cancelInvitation', 'removeParticipant', 'createSubscription', 'createTriggerSubscription', 'getSubscription', 'deleteSubscription', 'listWebhookDeliveries', 'resumeSubscription'];
    for (const name of api) expect(result.levels[name], name).toBe('anonymous');
    for (const mode of ['functionKey', 'both']) {
      const keyed = run(mode);
      expect(keyed.levels, mode).toMatchObject({ inviteParticipant: 'function', invitationStatus: 'function', findInvitation: 'function', callRoster: 'function', listNotificationInbox: 'admin', replayNotificationInbox: 'admin', callback: 'anonymous', health: 'anonymous', openapi: 'anonymous', cancelInvitation: 'function', removeParticipant: 'function', createSubscription: 'function', deleteSubscription: 'function', listWebhookDeliveries: 'admin', resumeSubscription: 'admin' });
      expect(keyed.security).toEqual(['api_key']);
    }
  });
});
