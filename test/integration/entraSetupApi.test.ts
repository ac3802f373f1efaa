import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { createLocalTls } from '../../dev/tls';
import { startGraphSimulator, type RunningSimulator } from '../../dev/simulator/simulatorServer';
import { connectorRedirectUri } from '../../infra/entra/apiApp.mjs';
import { graphClient } from '../../infra/entra/graph.mjs';
import { createApps, grantCaller } from '../../infra/entra/steps.mjs';

/*
 * The API's app registration, the Power Automate connector's client app and role grants to callers,
 * made by the same azd hook scripts as the bot's registration, against the Graph simulator's
 * directory over real HTTP with the real Graph client: first run, re-run (no writes), grants.
 */
let simulator: RunningSimulator;
const env: Record<string, string | undefined> = { AZURE_ENV_NAME: 'api', AZURE_TENANT_ID: randomUUID() };
let context: Parameters<typeof createApps>[0];
const roleNames = ['Invitations.Invite', 'Calls.Read', 'Operations.Admin', 'Calls.Manage'];
type Permission = { id: string; value: string; isEnabled: boolean; type?: string; allowedMemberTypes?: string[] };
type App = { id: string; appId: string; identifierUris?: string[]; optionalClaims?: unknown; appRoles?: Permission[]; api?: { requestedAccessTokenVersion?: number; oauth2PermissionScopes?: Permission[] }; web?: { redirectUris?: string[] }; requiredResourceAccess?: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[] };

const d = () => simulator.directory;
const appOf = (appId: string | undefined) => [...d().applications.values()].find((a) => a.appId === appId) as App | undefined;
const writesSince = (n: number) => d().writes.slice(n).map((w) => w.replace(/[0-9a-f-]{36}/g, '{id}'));

beforeAll(async () => {
  simulator = await startGraphSimulator({ tls: await createLocalTls() });
  const credential: TokenCredential = { getToken: async () => ({ token: await simulator.directory.adminToken(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
  context = { graph: graphClient(credential, simulator.httpUrl), env, setEnv: (name, value) => void (env[name] = value), log: () => {} };
});
afterAll(() => simulator.close());

describe("the API's app registration (infra/entra/apiApp.mjs)", () => {
  it('is created with its application ID URI, v2 tokens, the app roles and the same-named delegated scopes, and a service principal', async () => {
    await createApps(context);
    const api = appOf(env.API_CLIENT_ID);
    expect(api?.identifierUris).toEqual([`api://${env.API_CLIENT_ID}`]);
    expect(api?.api?.requestedAccessTokenVersion).toBe(2);
    expect(api?.optionalClaims).toEqual({ accessToken: [{ name: 'idtyp', essential: false }] });
    expect(api?.appRoles?.map((r) => [r.value, r.allowedMemberTypes, r.isEnabled])).toEqual(roleNames.map((v) => [v, ['Application'], true]));
    expect(api?.api?.oauth2PermissionScopes?.map((s) => [s.value, s.type])).toEqual(roleNames.map((v) => [v, 'Admin']));
    const sp = [...d().servicePrincipals.values()].find((s) => s.appId === env.API_CLIENT_ID);
    expect((sp?.appRoles as Permission[]).map((r) => r.value)).toEqual(roleNames);
    // Not asked for: no connector app.
    expect(env.CONNECTOR_APP_ID).toBeUndefined();
  });

  it('a second run writes nothing; roles someone added by hand are kept', async () => {
    const before = d().writes.length;
    await createApps(context);
    expect(writesSince(before)).toEqual([]);
    const api = appOf(env.API_CLIENT_ID);
    const custom = { id: randomUUID(), value: 'Reports.Read', isEnabled: true, allowedMemberTypes: ['Application'] };
    if (api) api.appRoles = [...(api.appRoles ?? []), custom];
    await createApps(context);
    expect(appOf(env.API_CLIENT_ID)?.appRoles?.map((r) => r.value)).toEqual([...roleNames, 'Reports.Read']);
    expect(writesSince(before)).toEqual([]);
  });

  it('with POWER_AUTOMATE_CONNECTOR=true: the connector app with Power Platform\'s redirect URI and the delegated scopes, no secret', async () => {
    env.POWER_AUTOMATE_CONNECTOR = 'true';
    const before = d().writes.length;
    await createApps(context);
    expect(writesSince(before)).toEqual(['POST /applications', 'PATCH /applications/{id}', 'POST /servicePrincipals']);
    const connector = appOf(env.CONNECTOR_APP_ID);
    const api = appOf(env.API_CLIENT_ID);
    expect(connector?.web?.redirectUris).toEqual([connectorRedirectUri]);
    const scopeIds = ['Invitations.Invite', 'Calls.Read', 'Calls.Manage'].map((v) => api?.api?.oauth2PermissionScopes?.find((s) => s.value === v)?.id);
    expect(connector?.requiredResourceAccess).toEqual([{ resourceAppId: env.API_CLIENT_ID, resourceAccess: scopeIds.map((id) => ({ id, type: 'Scope' })) }]);
    expect(JSON.stringify(connector)).not.toMatch(/passwordCredentials|keyCredentials|secret/i);
    const again = d().writes.length;
    await createApps(context);
    expect(writesSince(again)).toEqual([]);
  });

  it("grant-caller: a bot's managed identity gets app roles through appRoleAssignedTo, once", async () => {
    const principalId = randomUUID();
    d().addManagedIdentity(principalId);
    const before = d().writes.length;
    await grantCaller(context, [principalId, 'Invitations.Invite', 'Calls.Read']);
    expect(writesSince(before)).toEqual(['POST /servicePrincipals/{id}/appRoleAssignedTo', 'POST /servicePrincipals/{id}/appRoleAssignedTo']);
    const apiSp = [...d().servicePrincipals.values()].find((s) => s.appId === env.API_CLIENT_ID);
    const roleIds = ['Invitations.Invite', 'Calls.Read'].map((v) => (apiSp?.appRoles as Permission[]).find((r) => r.value === v)?.id);
    expect(d().assignments.filter((a) => a.principalId === principalId).map((a) => [a.resourceId, a.appRoleId])).toEqual(roleIds.map((id) => [apiSp?.id, id]));
    const again = d().writes.length;
    await grantCaller(context, [principalId, 'Calls.Read', 'Invitations.Invite']);
    expect(writesSince(again)).toEqual([]);
    await expect(grantCaller(context, [principalId, 'Calls.Write'])).rejects.toThrow(/not app roles of the API: Calls.Write/);
    await expect(grantCaller(context, [principalId])).rejects.toThrow(/usage/);
  });
});
