// Create-or-update of the calling bot's Entra objects. Every step reads first and writes only what
// differs, so a hook can run any number of times (azd up, azd provision, azd down + azd up).

/** @typedef {import('@microsoft/microsoft-graph-client').Client} Client */
/** @typedef {{ id: string, appId: string, displayName: string, requiredResourceAccess?: ResourceAccess[] }} Application */
/** @typedef {{ resourceAppId: string, resourceAccess: { id: string, type: string }[] }} ResourceAccess */
/** @typedef {{ id: string, name: string, issuer: string, subject: string, audiences: string[] }} FederatedCredential */
/** @typedef {{ id: string, appId: string, appRoles?: { id: string, value: string }[] }} ServicePrincipal */

export const graphAppId = '00000003-0000-0000-c000-000000000000';
export const callingRoles = ['Calls.InitiateGroupCall.All', 'Calls.JoinGroupCall.All'];
const exchangeAudience = 'api://AzureADTokenExchange';

/**
 * @template T
 * @param {Client} graph
 * @param {string} path
 * @param {string} filter
 * @returns {Promise<T | undefined>}
 */
async function findOne(graph, path, filter) {
  /** @type {{ value: T[] }} */
  const found = await graph.api(path).filter(filter).get();
  return found.value[0];
}

/** @param {string} value */
const quoted = (value) => `'${value.replace(/'/g, "''")}'`;

/**
 * @param {Client} graph
 * @param {string} appId
 * @returns {Promise<ServicePrincipal>}
 */
async function servicePrincipalOf(graph, appId) {
  /** @type {ServicePrincipal | undefined} */
  const existing = await findOne(graph, '/servicePrincipals', `appId eq ${quoted(appId)}`);
  return existing ?? graph.api('/servicePrincipals').post({ appId });
}

/**
 * The bot's app registration (single tenant, no secret) with Graph's calling permissions requested,
 * and its service principal. Found by appId when known, else by display name; created when absent.
 * @param {Client} graph
 * @param {{ appId?: string, displayName: string }} wanted
 * @returns {Promise<Application>}
 */
export async function ensureBotApp(graph, wanted) {
  /** @type {Application | undefined} */
  let app = wanted.appId
    ? await findOne(graph, '/applications', `appId eq ${quoted(wanted.appId)}`)
    : await findOne(graph, '/applications', `displayName eq ${quoted(wanted.displayName)}`);
  if (wanted.appId && !app) throw new Error(`BOT_APP_ID ${wanted.appId} is not an app registration in this tenant`);
  app ??= /** @type {Application} */ (await graph.api('/applications').post({ displayName: wanted.displayName, signInAudience: 'AzureADMyOrg' }));
  /** @type {ServicePrincipal | undefined} */
  const graphSp = await findOne(graph, '/servicePrincipals', `appId eq ${quoted(graphAppId)}`);
  // Role ids looked up by name on Graph's service principal, not copied.
  const roleIds = callingRoles.map((value) => graphSp?.appRoles?.find((r) => r.value === value)?.id ?? '');
  if (roleIds.includes('')) throw new Error("Microsoft Graph's calling app roles were not found");
  const access = app.requiredResourceAccess ?? [];
  const forGraph = access.find((r) => r.resourceAppId === graphAppId);
  const missing = roleIds.filter((id) => !forGraph?.resourceAccess.some((a) => a.id === id && a.type === 'Role'));
  if (missing.length > 0) {
    const merged = { resourceAppId: graphAppId, resourceAccess: [...(forGraph?.resourceAccess ?? []), ...missing.map((id) => ({ id, type: 'Role' }))] };
    await graph.api(`/applications/${app.id}`).patch({ requiredResourceAccess: [...access.filter((r) => r !== forGraph), merged] });
  }
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
  const graphSp = await servicePrincipalOf(graph, graphAppId);
  /** @type {{ value: { appRoleId: string, resourceId: string }[] }} */
  const { value: held } = await graph.api(`/servicePrincipals/${bot.id}/appRoleAssignments`).get();
  const granted = [];
  for (const role of callingRoles) {
    const appRoleId = graphSp.appRoles?.find((r) => r.value === role)?.id ?? '';
    if (held.some((a) => a.appRoleId === appRoleId && a.resourceId === graphSp.id)) continue;
    await graph.api(`/servicePrincipals/${graphSp.id}/appRoleAssignedTo`).post({ principalId: bot.id, resourceId: graphSp.id, appRoleId });
    granted.push(role);
  }
  return granted;
}
