// What each azd hook does, with Graph, the environment and output injected (hook.mjs wires the
// real ones; test/integration/entraSetup.test.ts the Graph simulator's).
import { ensureApiApp, ensureConnectorApp, ensureConsoleClient, grantApiRoles } from './apiApp.mjs';
import { ensureBotApp, ensureConsent, ensureTrust } from './botApp.mjs';

/** @typedef {import('@microsoft/microsoft-graph-client').Client} Client */
/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ graph: Client, env: Env, setEnv: (name: string, value: string) => void, log: (line: string) => void }} Context */

/** @param {Env} env @param {string} name */
function required(env, name) {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (run azd provision first)`);
  return value;
}

/**
 * preprovision: the bot's and the API's app registrations, whose ids Bicep needs, and (with
 * POWER_AUTOMATE_CONNECTOR=true) the connector's client app. @param {Context} c
 */
export async function createApps(c) {
  const name = `graph-call-invites-${c.env.AZURE_ENV_NAME ?? 'dev'}`;
  const app = await ensureBotApp(c.graph, { appId: c.env.BOT_APP_ID || undefined, displayName: name });
  if (c.env.BOT_APP_ID !== app.appId) c.setEnv('BOT_APP_ID', app.appId);
  c.log(`Bot app registration ${app.displayName} (${app.appId}) is ready; admin consent follows after provisioning.`);
  const { app: api, appIdUri } = await ensureApiApp(c.graph, { appId: c.env.API_CLIENT_ID || undefined, displayName: `${name}-api` });
  if (c.env.API_CLIENT_ID !== api.appId) c.setEnv('API_CLIENT_ID', api.appId);
  c.log(`API app registration ${api.displayName} (${api.appId}): callers ask for tokens for ${appIdUri}; grant roles with: node infra/entra/hook.mjs grant-caller <principal object id> Invitations.Invite`);
  if (c.env.POWER_AUTOMATE_CONNECTOR !== 'true') return;
  const connector = await ensureConnectorApp(c.graph, { appId: c.env.CONNECTOR_APP_ID || undefined, displayName: `${name}-connector`, api });
  if (c.env.CONNECTOR_APP_ID !== connector.appId) c.setEnv('CONNECTOR_APP_ID', connector.appId);
  c.log(`Connector app ${connector.appId}: in the custom connector, OAuth 2.0 with Microsoft Entra ID, client id ${connector.appId}, resource URL ${appIdUri}. Add its client secret in Power Platform (docs/power-automate.md).`);
}

/**
 * Any time after preprovision: grants API app roles to a caller's service principal (a bot's
 * managed identity, a daemon's app). `args`: the principal's object id, then role names.
 * @param {Context} c @param {string[]} args
 */
export async function grantCaller(c, args) {
  const [principalId, ...roles] = args;
  if (!principalId || roles.length === 0) throw new Error('usage: node infra/entra/hook.mjs grant-caller <principal object id> <role> [<role>...]');
  const granted = await grantApiRoles(c.graph, { apiAppId: required(c.env, 'API_CLIENT_ID'), principalId, roles });
  c.log(granted.length ? `Granted to ${principalId}: ${granted.join(', ')}.` : `${principalId} already holds ${roles.join(', ')}.`);
}

/** postprovision: trust the (possibly new) managed identity, then consent. @param {Context} c */
export async function trustIdentity(c) {
  const appId = required(c.env, 'BOT_APP_ID');
  const tenant = required(c.env, 'AZURE_TENANT_ID');
  const subject = required(c.env, 'MANAGED_IDENTITY_PRINCIPAL_ID');
  const authority = (c.env.AZURE_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const app = await ensureBotApp(c.graph, { appId, displayName: `graph-call-invites-${c.env.AZURE_ENV_NAME ?? 'dev'}` });
  const trust = await ensureTrust(c.graph, { appObjectId: app.id, name: `managed-identity-${c.env.AZURE_ENV_NAME ?? 'dev'}`, issuer: `${authority}/${tenant}/v2.0`, subject });
  c.log(`Federated credential for managed identity ${subject}: ${trust}.`);
  await trustConsole(c, { issuer: `${authority}/${tenant}/v2.0`, subject });
  try {
    const granted = await ensureConsent(c.graph, appId);
    c.log(granted.length ? `Admin consent granted: ${granted.join(', ')}.` : 'Admin consent was already granted.');
  } catch (error) {
    // Not an administrator: everything else is in place; someone who is can finish it.
    const status = /** @type {{ statusCode?: number }} */ (error).statusCode;
    if (status !== 403) throw error;
    c.log(`Admin consent needs an administrator: az ad app permission admin-consent --id ${appId} (or Entra ID > App registrations > API permissions).`);
  }
  c.log(`Health check: curl ${c.env.FUNCTION_BASE_URL ?? 'https://<app>.azurewebsites.net/api'}/health`);
}

/**
 * The operator console: its sign-in route as the API registration's redirect URI, and the same
 * managed identity trusted by the API registration (the console redeems codes as it, secretless).
 * @param {Context} c @param {{ issuer: string, subject: string }} identity
 */
async function trustConsole(c, identity) {
  const apiAppId = c.env.API_CLIENT_ID;
  const base = c.env.FUNCTION_BASE_URL;
  if (!apiAppId || !base) return c.log('Operator console: API_CLIENT_ID or FUNCTION_BASE_URL is not set; its sign-in is not registered.');
  const app = await ensureConsoleClient(c.graph, { apiAppId, redirectUri: `${base}/console/signin` });
  const trust = await ensureTrust(c.graph, { appObjectId: app.id, name: `managed-identity-${c.env.AZURE_ENV_NAME ?? 'dev'}`, ...identity });
  c.log(`Operator console: ${base}/console (redirect URI registered; federated credential ${trust}). People sign in with the delegated scopes an administrator grants them:`);
  c.log(`  everyone who may look: az ad app permission grant --id ${apiAppId} --api ${apiAppId} --scope Calls.Read; operators get Invitations.Invite, Calls.Manage and Operations.Admin per person (docs: operator console).`);
}

/** postdown: say what azd down does not remove. @param {Pick<Context, 'env' | 'log'>} c */
export async function afterDown(c) {
  const appId = c.env.BOT_APP_ID;
  if (!appId) return;
  c.log(`azd down removed the Azure resources. The bot's app registration ${appId} is in Entra ID, not in the resource group, so it stays`);
  c.log(`(with its federated credential and admin consent); the next azd up reuses it. To remove it: az ad app delete --id ${appId}`);
  c.log('then: azd env set BOT_APP_ID ""');
  /** @type {[string, string][]} */
  const others = [['API_CLIENT_ID', "The API's app registration"], ['CONNECTOR_APP_ID', "The connector's app registration"]];
  for (const [setting, what] of others) {
    const id = c.env[setting];
    if (id) c.log(`${what} ${id} stays too (with its role grants): az ad app delete --id ${id}, then: azd env set ${setting} ""`);
  }
}
