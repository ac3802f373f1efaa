// What each azd hook does, with Graph, the environment and output injected (hook.mjs wires the
// real ones; test/integration/entraSetup.test.ts the Graph simulator's).
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

/** preprovision: the bot's app registration, whose appId Bicep needs. @param {Context} c */
export async function createBotApp(c) {
  const displayName = `graph-call-invites-${c.env.AZURE_ENV_NAME ?? 'dev'}`;
  const app = await ensureBotApp(c.graph, { appId: c.env.BOT_APP_ID || undefined, displayName });
  if (c.env.BOT_APP_ID !== app.appId) c.setEnv('BOT_APP_ID', app.appId);
  c.log(`Bot app registration ${app.displayName} (${app.appId}) is ready; admin consent follows after provisioning.`);
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

/** postdown: say what azd down does not remove. @param {Pick<Context, 'env' | 'log'>} c */
export async function afterDown(c) {
  const appId = c.env.BOT_APP_ID;
  if (!appId) return;
  c.log(`azd down removed the Azure resources. The bot's app registration ${appId} is in Entra ID, not in the resource group, so it stays`);
  c.log(`(with its federated credential and admin consent); the next azd up reuses it. To remove it: az ad app delete --id ${appId}`);
  c.log('then: azd env set BOT_APP_ID ""');
}
