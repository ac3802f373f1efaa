// Create-or-update of our API's Entra objects: its app registration (application ID URI, app
// roles, delegated scopes, v2 tokens), the optional Power Automate connector's client app, and
// app role grants to callers. Read first, write only what differs: safe to run again.
import { randomUUID } from 'node:crypto';
import { assignAppRoles, findOrCreateApp, requestingAccess, servicePrincipalOf } from './directory.mjs';

/** @typedef {import('@microsoft/microsoft-graph-client').Client} Client */
/** @typedef {{ id: string, value: string, [key: string]: unknown }} Permission */
/** @typedef {{ requestedAccessTokenVersion?: number | null, oauth2PermissionScopes?: Permission[], [key: string]: unknown }} ApiSettings */
/** @typedef {import('./directory.mjs').ResourceAccess} ResourceAccess */
/** @typedef {{ accessToken?: { name: string, [key: string]: unknown }[], [key: string]: unknown }} OptionalClaims */
/** @typedef {{ id: string, appId: string, displayName: string, identifierUris?: string[], appRoles?: Permission[], api?: ApiSettings, optionalClaims?: OptionalClaims | null, web?: { redirectUris?: string[], [key: string]: unknown }, requiredResourceAccess?: ResourceAccess[] }} Application */

/** The API's permissions: each an app role (applications) and a delegated scope (users through a client). */
export const apiPermissions = [
  { value: 'Invitations.Invite', displayName: 'Invite participants into calls', description: 'Invite people into calls the calling bot is in, and read the outcome of those invitations.' },
  { value: 'Calls.Read', displayName: 'Read calls and invitations', description: 'Read the outcome of any invitation and the roster of calls.' },
  { value: 'Operations.Admin', displayName: 'Operate the service', description: 'List and replay notifications that could not be applied.' },
  { value: 'Calls.Manage', displayName: "Manage the bot's calls", description: 'Put the calling bot into calls (join meetings, call people) and hang up; invite by meeting link with Invitations.Invite.' },
];
/** What the Power Automate connector asks for on behalf of a maker. */
export const connectorScopes = ['Invitations.Invite', 'Calls.Read', 'Calls.Manage'];
/** Power Platform's redirect URI for custom connectors (the Global redirect mode). */
export const connectorRedirectUri = 'https://global.consent.azure-apim.net/redirect';

/**
 * `current` plus an entry made by `make` for every permission value it lacks; undefined if none.
 * Existing entries are kept as they are (Graph refuses to change or drop an enabled one).
 * @param {Permission[]} current
 * @param {(p: typeof apiPermissions[number]) => Record<string, unknown>} make
 */
function withMissing(current, make) {
  const missing = apiPermissions.filter((p) => !current.some((c) => c.value === p.value));
  return missing.length === 0 ? undefined : [...current, ...missing.map((p) => ({ id: randomUUID(), value: p.value, isEnabled: true, ...make(p) }))];
}

/**
 * The API's app registration (single tenant, no secret): application ID URI `api://{appId}`, v2
 * access tokens with the `idtyp` optional claim, the app roles for applications and the same-named
 * delegated scopes (admin consent), and its service principal (which holds the role assignments).
 * @param {Client} graph
 * @param {{ appId?: string, displayName: string }} wanted
 * @returns {Promise<{ app: Application, appIdUri: string }>}
 */
export async function ensureApiApp(graph, wanted) {
  /** @type {Application} */
  const app = await findOrCreateApp(graph, { ...wanted, setting: 'API_CLIENT_ID' }, () => ({}));
  const appIdUri = `api://${app.appId}`;
  /** @type {Partial<Application>} */
  const change = {};
  if (!(app.identifierUris ?? []).includes(appIdUri)) change.identifierUris = [...(app.identifierUris ?? []), appIdUri];
  const roles = withMissing(app.appRoles ?? [], (p) => ({ allowedMemberTypes: ['Application'], displayName: p.displayName, description: p.description }));
  if (roles) change.appRoles = roles;
  const api = app.api ?? {};
  const scopes = withMissing(api.oauth2PermissionScopes ?? [], (p) => ({ type: 'Admin', adminConsentDisplayName: p.displayName, adminConsentDescription: p.description }));
  if (scopes || api.requestedAccessTokenVersion !== 2) change.api = { ...api, requestedAccessTokenVersion: 2, oauth2PermissionScopes: scopes ?? api.oauth2PermissionScopes ?? [] };
  // idtyp (app or user) in access tokens: how the API tells app-only tokens from users' (lib/auth).
  const claims = app.optionalClaims ?? {};
  if (!(claims.accessToken ?? []).some((c) => c.name === 'idtyp')) change.optionalClaims = { ...claims, accessToken: [...(claims.accessToken ?? []), { name: 'idtyp', essential: false }] };
  if (Object.keys(change).length > 0) await graph.api(`/applications/${app.id}`).patch(change);
  await servicePrincipalOf(graph, app.appId);
  return { app: { ...app, ...change }, appIdUri };
}

/**
 * The Power Automate custom connector's client app: Power Platform's redirect URI and the API's
 * delegated scopes requested. No secret is made here: whoever configures the connector adds the
 * app's credential in Power Platform, where it stays.
 * @param {Client} graph
 * @param {{ appId?: string, displayName: string, api: Application }} wanted
 * @returns {Promise<Application>}
 */
export async function ensureConnectorApp(graph, wanted) {
  /** @type {Application} */
  const app = await findOrCreateApp(graph, { appId: wanted.appId, displayName: wanted.displayName, setting: 'CONNECTOR_APP_ID' }, () => ({}));
  /** @type {Partial<Application>} */
  const change = {};
  const redirects = app.web?.redirectUris ?? [];
  if (!redirects.includes(connectorRedirectUri)) change.web = { ...app.web, redirectUris: [...redirects, connectorRedirectUri] };
  const scopeIds = connectorScopes.map((value) => wanted.api.api?.oauth2PermissionScopes?.find((s) => s.value === value)?.id ?? '');
  if (scopeIds.includes('')) throw new Error('the API app registration lacks its delegated scopes (run ensureApiApp first)');
  const access = requestingAccess(app.requiredResourceAccess ?? [], wanted.api.appId, scopeIds, 'Scope');
  if (access) change.requiredResourceAccess = access;
  if (Object.keys(change).length > 0) await graph.api(`/applications/${app.id}`).patch(change);
  await servicePrincipalOf(graph, app.appId);
  return app;
}

/**
 * Grants the API's app roles to a caller: the service principal (object id) of a bot's managed
 * identity or of a daemon's app registration, via appRoleAssignedTo on the API's service principal.
 * @param {Client} graph
 * @param {{ apiAppId: string, principalId: string, roles: readonly string[] }} grant
 * @returns {Promise<string[]>} the roles granted by this run
 */
export async function grantApiRoles(graph, grant) {
  const unknown = grant.roles.filter((role) => !apiPermissions.some((p) => p.value === role));
  if (unknown.length > 0) throw new Error(`not app roles of the API: ${unknown.join(', ')} (known: ${apiPermissions.map((p) => p.value).join(', ')})`);
  return assignAppRoles(graph, grant.principalId, await servicePrincipalOf(graph, grant.apiAppId), grant.roles);
}
