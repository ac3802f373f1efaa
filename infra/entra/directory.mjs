// Reading and writing Entra objects through Microsoft Graph, shared by the app registration steps
// (botApp.mjs, apiApp.mjs). Every helper reads before it writes.

/** @typedef {import('@microsoft/microsoft-graph-client').Client} Client */
/** @typedef {{ id: string, value: string }} AppRole */
/** @typedef {{ id: string, appId: string, appRoles?: AppRole[] }} ServicePrincipal */

/**
 * @template T
 * @param {Client} graph
 * @param {string} path
 * @param {string} filter
 * @returns {Promise<T | undefined>}
 */
export async function findOne(graph, path, filter) {
  /** @type {{ value: T[] }} */
  const found = await graph.api(path).filter(filter).get();
  return found.value[0];
}

/** @param {string} value */
export const quoted = (value) => `'${value.replace(/'/g, "''")}'`;

/**
 * An application registration found by appId when known (which must then exist), else by display
 * name, else created with `create`.
 * @template T
 * @param {Client} graph
 * @param {{ appId?: string, displayName: string, setting: string }} wanted
 * @param {() => Record<string, unknown>} create the new application's body
 * @returns {Promise<T>}
 */
export async function findOrCreateApp(graph, wanted, create) {
  /** @type {T | undefined} */
  const app = wanted.appId
    ? await findOne(graph, '/applications', `appId eq ${quoted(wanted.appId)}`)
    : await findOne(graph, '/applications', `displayName eq ${quoted(wanted.displayName)}`);
  if (wanted.appId && !app) throw new Error(`${wanted.setting} ${wanted.appId} is not an app registration in this tenant`);
  return app ?? /** @type {T} */ (await graph.api('/applications').post({ displayName: wanted.displayName, signInAudience: 'AzureADMyOrg', ...create() }));
}

/**
 * The service principal of an application, created when missing.
 * @param {Client} graph
 * @param {string} appId
 * @returns {Promise<ServicePrincipal>}
 */
export async function servicePrincipalOf(graph, appId) {
  /** @type {ServicePrincipal | undefined} */
  const existing = await findOne(graph, '/servicePrincipals', `appId eq ${quoted(appId)}`);
  return existing ?? graph.api('/servicePrincipals').post({ appId });
}

/**
 * App role assignments of `resource`'s roles (by value) to a principal (a service principal's
 * object id: an app's, or a managed identity's): application permissions, or admin consent to them.
 * @param {Client} graph
 * @param {string} principalId
 * @param {ServicePrincipal} resource
 * @param {readonly string[]} roles
 * @returns {Promise<string[]>} the roles granted by this run
 */
export async function assignAppRoles(graph, principalId, resource, roles) {
  /** @type {{ value: { appRoleId: string, resourceId: string }[] }} */
  const { value: held } = await graph.api(`/servicePrincipals/${principalId}/appRoleAssignments`).get();
  const granted = [];
  for (const role of roles) {
    const appRoleId = resource.appRoles?.find((r) => r.value === role)?.id;
    if (!appRoleId) throw new Error(`${role} is not an app role of ${resource.appId}`);
    if (held.some((a) => a.appRoleId === appRoleId && a.resourceId === resource.id)) continue;
    await graph.api(`/servicePrincipals/${resource.id}/appRoleAssignedTo`).post({ principalId, resourceId: resource.id, appRoleId });
    granted.push(role);
  }
  return granted;
}

/** @typedef {{ resourceAppId: string, resourceAccess: { id: string, type: string }[] }} ResourceAccess */

/**
 * `requiredResourceAccess` that also requests `ids` (app roles: 'Role', delegated scopes: 'Scope')
 * of `resourceAppId`, or undefined when it already does.
 * @param {ResourceAccess[]} access
 * @param {string} resourceAppId
 * @param {readonly string[]} ids
 * @param {'Role' | 'Scope'} type
 * @returns {ResourceAccess[] | undefined}
 */
export function requestingAccess(access, resourceAppId, ids, type) {
  const current = access.find((r) => r.resourceAppId === resourceAppId);
  const missing = ids.filter((id) => !current?.resourceAccess.some((a) => a.id === id && a.type === type));
  if (missing.length === 0) return undefined;
  const merged = { resourceAppId, resourceAccess: [...(current?.resourceAccess ?? []), ...missing.map((id) => ({ id, type }))] };
  return [...access.filter((r) => r !== current), merged];
}
