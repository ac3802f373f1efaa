import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { createLocalTls } from '../../dev/tls';
import { graphAppRoles } from '../../dev/simulator/directory';
import { startGraphSimulator, type RunningSimulator } from '../../dev/simulator/simulatorServer';
import { graphClient } from '../../infra/entra/graph.mjs';
import { afterDown, createApps, trustIdentity } from '../../infra/entra/steps.mjs';

/*
 * The azd hooks' Entra setup against the Graph simulator's directory, over real HTTP with the
 * real Graph client: what a first `azd up` creates, that a second changes nothing, and that
 * `azd down` + `azd up` (a new managed identity) moves the trust to the new identity.
 */
let simulator: RunningSimulator;
const env: Record<string, string | undefined> = { AZURE_ENV_NAME: 'ci', AZURE_TENANT_ID: randomUUID() };
const lines: string[] = [];
let context: Parameters<typeof createApps>[0];

beforeAll(async () => {
  simulator = await startGraphSimulator({ tls: await createLocalTls() });
  const credential: TokenCredential = { getToken: async () => ({ token: await simulator.directory.adminToken(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
  context = { graph: graphClient(credential, simulator.httpUrl), env, setEnv: (name, value) => void (env[name] = value), log: (line) => void lines.push(line) };
});
afterAll(() => simulator.close());

async function azdUp(principalId: string) {
  await createApps(context);
  env.MANAGED_IDENTITY_PRINCIPAL_ID = principalId;
  await trustIdentity(context);
}

describe('Entra setup (infra/entra) run by the azd hooks', () => {
  it('first run creates the app, its service principal, the federated credential and the consent', async () => {
    const identity = randomUUID();
    await azdUp(identity);
    const d = simulator.directory;
    // The bot's registration and the API's (test/integration/entraSetupApi.test.ts).
    expect(d.applications.size).toBe(2);
    const apps = [...d.applications.values()].filter((a) => a.appId === env.BOT_APP_ID);
    expect(apps[0]).toMatchObject({ appId: env.BOT_APP_ID, displayName: 'graph-call-invites-ci', signInAudience: 'AzureADMyOrg' });
    const access = apps[0]?.requiredResourceAccess as { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
    expect(access).toEqual([{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: graphAppRoles.map((r) => ({ id: r.id, type: 'Role' })) }]);
    expect(d.credentials.get(apps[0]?.id ?? '')).toEqual([
      expect.objectContaining({ name: 'managed-identity-ci', issuer: `https://login.microsoftonline.com/${env.AZURE_TENANT_ID}/v2.0`, subject: identity, audiences: ['api://AzureADTokenExchange'] }),
    ]);
    const botSp = [...d.servicePrincipals.values()].find((sp) => sp.appId === env.BOT_APP_ID);
    expect(d.assignments.filter((a) => a.principalId === botSp?.id).map((a) => a.appRoleId).sort()).toEqual(graphAppRoles.map((r) => r.id).sort());
    // App, its permissions, its service principal (the API's the same), the credential, one assignment per role.
    expect(d.writes.map((w) => w.replace(/[0-9a-f-]{36}/g, '{id}'))).toEqual([
      'POST /applications',
      'PATCH /applications/{id}',
      'POST /servicePrincipals',
      'POST /applications',
      'PATCH /applications/{id}',
      'POST /servicePrincipals',
      'POST /applications/{id}/federatedIdentityCredentials',
      'POST /servicePrincipals/{id}/appRoleAssignedTo',
      'POST /servicePrincipals/{id}/appRoleAssignedTo',
      'POST /servicePrincipals/{id}/appRoleAssignedTo',
    ]);
  });

  it('a second run with the same identity changes nothing', async () => {
    const before = simulator.directory.writes.length;
    await azdUp(env.MANAGED_IDENTITY_PRINCIPAL_ID ?? '');
    expect(simulator.directory.writes.slice(before)).toEqual([]);
    expect(lines.at(-3)).toMatch(/: unchanged\.$/);
  });

  it('after azd down and up (a new managed identity) the credential trusts the new identity', async () => {
    const before = simulator.directory.writes.length;
    const newIdentity = randomUUID();
    await azdUp(newIdentity);
    const app = [...simulator.directory.applications.values()].find((a) => a.appId === env.BOT_APP_ID);
    expect(simulator.directory.writes.slice(before)).toEqual([expect.stringMatching(/^PATCH \/applications\/.+\/federatedIdentityCredentials\/.+$/)]);
    expect(simulator.directory.credentials.get(app?.id ?? '')).toEqual([expect.objectContaining({ name: 'managed-identity-ci', subject: newIdentity })]);
  });

  it('an existing BOT_APP_ID that is not in the tenant stops the run instead of creating another app', async () => {
    await expect(createApps({ ...context, env: { ...env, BOT_APP_ID: randomUUID() } })).rejects.toThrow(/not an app registration/);
    expect(simulator.directory.applications.size).toBe(2);
  });

  it('azd down says what it leaves and how to remove it', async () => {
    const said: string[] = [];
    await afterDown({ env, log: (line) => void said.push(line) });
    expect(said.join('\n')).toContain(`az ad app delete --id ${env.BOT_APP_ID}`);
  });
});
