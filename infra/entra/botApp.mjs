// Create-or-update of the calling bot's Entra objects. Every step reads first and writes only what
// differs, so a hook can run any number of times (azd up, azd provision, azd down + azd up).
import { assignAppRoles, findOne, findOrCreateApp, quoted, requestingAccess, servicePrincipalOf } from './directory.mjs';

/** @typedef {import('@microsoft/microsoft-graph-client').Client} Client */
/** @typedef {{ id: string, appId: string, displayName: string, requiredResourceAccess?: ResourceAccess[] }} Application */
/** @typedef {import('./directory.mjs').ResourceAccess} ResourceAccess */
/** @typedef {{ id: string, name: string, issuer: string, subject: string, audiences: string[] }} FederatedCredential */
/** @typedef {import('./directory.mjs').ServicePrincipal} ServicePrincipal */

export const graphAppId = '00000003-0000-0000-c000-000000000000';
/**
 * Graph application permissions of the calling bot, all of which need admin consent: inviting into
 * calls and calling groups (Calls.InitiateGroupCall.All), joining meetings (Calls.JoinGroupCall.All),
 * calling one person (Calls.Initiate.All).
 */
export const callingRoles = ['Calls.InitiateGroupCall.All', 'Calls.JoinGroupCall.All', 'Calls.Initiate.All'];
const exchangeAudience = 'api://AzureADTokenExchange';

/**
 * The bot's app registration (single tenant, no secret) with Graph's calling permissions requested,
 * and its service principal. Found by appId when known, else by display name; created when absent.
 * @param {Client} graph
 * @param {{ appId?: string, displayName: string }} wanted
 * @returns {Promise<Application>}
 */
export async function ensureBotApp(graph, wanted) {
  /** @type {Application} */
  const app = await findOrCreateApp(graph, { ...wanted, setting: 'BOT_APP_ID' }, () => ({}));
  /** @type {ServicePrincipal | undefined} */
  const graphSp = await findOne(graph, '/servicePrincipals', `appId eq ${quoted(graphAppId)}`);
  // Role ids looked up by name on Graph's service principal, not copied.
  const roleIds = callingRoles.map((value) => graphSp?.appRoles?.find((r) => r.value === value)?.id ?? '');
  if (roleIds.includes('')) throw new Error("Microsoft Graph's calling app roles were not found");
  const requiredResourceAccess = requestingAccess(app.requiredResourceAccess ?? [], graphAppId, roleIds, 'Role');
  if (requiredResourceAccess) await graph.api(`/applications/${app.id}`).patch({ requiredResourceAccess });
  await servicePrincipalOf(graph, app.appId);
  return app;
}

/**
 * The federated credential that lets the managed identity stand in for the app's secret. One named
 * credential per azd environment: a new identity (azd down, then up) changes its subject in place.
 * @param {Client} graph
 * @param {{ appObjectId: string, name: string, issuer: string, subject: string }} trust
 * @returns {Promise<'created' | 'updated' | 'unchanged'>}
 */
export async function ensureTrust(graph, trust) {
  const path = `/applications/${trust.appObjectId}/federatedIdentityCredentials`;
  /** @type {{ value: FederatedCredential[] }} */
  const { value } = await graph.api(path).get();
  const wanted = { issuer: trust.issuer, subject: trust.subject, audiences: [exchangeAudience] };
  const named = value.find((c) => c.name === trust.name);
  if (named && named.issuer === wanted.issuer && named.subject === wanted.subject && named.audiences.join() === exchangeAudience) return 'unchanged';
  if (named) {
    await graph.api(`${path}/${named.id}`).patch(wanted);
    return 'updated';
  }
  await graph.api(path).post({ name: trust.name, description: "The function app's user-assigned managed identity", ...wanted });
  return 'created';
}

/**
 * Admin consent for application permissions: an app role assignment per calling role, from the
 * bot's service principal to Graph's. Needs an administrator (Privileged Role Administrator or
 * Cloud Application Administrator with AppRoleAssignment.ReadWrite.All).
 * @param {Client} graph
 * @param {string} appId
 * @returns {Promise<string[]>} the roles granted by this run
 */
export async function ensureConsent(graph, appId) {
  const bot = await servicePrincipalOf(graph, appId);
  return assignAppRoles(graph, bot.id, await servicePrincipalOf(graph, graphAppId), callingRoles);
}
