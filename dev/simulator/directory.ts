import { randomUUID } from 'node:crypto';
import type { SimResponse } from './identityProvider';
import { signToken, verifyToken, type SigningKey } from './signingKeys';

/*
 * The part of Microsoft Graph's directory the Entra setup scripts (infra/entra) use: applications,
 * their federated identity credentials, service principals and app role assignments. Enough of
 * Graph's rules to make a careless script fail: tokens are checked, issuer+subject is unique per
 * application, a service principal or a role assignment cannot be created twice.
 */

export const graphAppId = '00000003-0000-0000-c000-000000000000';
// Microsoft Graph's app role ids (from public dumps of Graph's service principal).
export const graphAppRoles = [
  { id: '4c277553-8a09-487b-8023-29ee378d8324', value: 'Calls.InitiateGroupCall.All' },
  { id: 'f6b49018-60ab-4f81-83bd-22caeabfed2d', value: 'Calls.JoinGroupCall.All' },
  { id: '284383ee-7f6e-4e40-a2a8-e85dcb029101', value: 'Calls.Initiate.All' },
];

type Entity = Record<string, unknown> & { id: string };
const error = (status: number, code: string, message: string): SimResponse => ({ status, body: { error: { code, message } } });

export class DirectorySimulator {
  readonly applications = new Map<string, Entity>();
  readonly credentials = new Map<string, Entity[]>();
  readonly servicePrincipals = new Map<string, Entity>();
  readonly assignments: Entity[] = [];
  /** Every request that changed something, as "METHOD path": what a re-run must leave empty. */
  readonly writes: string[] = [];

  constructor(private readonly key: SigningKey) {
    this.servicePrincipals.set(randomUUID(), { id: '', appId: graphAppId, displayName: 'Microsoft Graph', appRoles: graphAppRoles });
    for (const [id, sp] of this.servicePrincipals) sp.id = id;
  }

  /** A token as an administrator's az or azd login would present it to Graph. */
  adminToken(): Promise<string> {
    return signToken(this.key, { iss: 'https://sts.windows.net/directory-simulator/', aud: 'https://graph.microsoft.com', scp: 'Directory.AccessAsUser.All', oid: randomUUID() }, 3600);
  }

  async handle(method: string, url: URL, authorization: string | undefined, body: unknown): Promise<SimResponse> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !(await verifyToken(this.key, token, 'https://graph.microsoft.com'))) return error(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const b = (body ?? {}) as Record<string, unknown>;
    const answer = this.route(method, path, url.searchParams.get('$filter'), b);
    if (method !== 'GET' && answer.status < 300) this.writes.push(`${method} ${path}`);
    return answer;
  }

  private route(method: string, path: string, filter: string | null, b: Record<string, unknown>): SimResponse {
    let m: RegExpExecArray | null;
    if (path === '/applications') return method === 'POST' ? this.createApplication(b) : this.list(this.applications, filter);
    if ((m = /^\/applications\/([^/]+)$/.exec(path))) {
      const app = this.applications.get(m[1] ?? '');
      if (!app) return error(404, 'Request_ResourceNotFound', 'No such application.');
      if (method === 'PATCH') return this.patchApplication(app, b);
      return { status: 200, body: app };
    }
    if ((m = /^\/applications\/([^/]+)\/federatedIdentityCredentials(?:\/([^/]+))?$/.exec(path))) {
      return this.federated(method, m[1] ?? '', m[2], b);
    }
    if (path === '/servicePrincipals') return method === 'POST' ? this.createServicePrincipal(b) : this.list(this.servicePrincipals, filter);
    if ((m = /^\/servicePrincipals\/([^/]+)\/appRoleAssignments$/.exec(path))) {
      return { status: 200, body: { value: this.assignments.filter((a) => a.principalId === m?.[1]) } };
    }
    if ((m = /^\/servicePrincipals\/([^/]+)\/appRoleAssignedTo$/.exec(path)) && method === 'POST') return this.assign(m[1] ?? '', b);
    return error(404, 'NotFound', `${method} ${path}`);
  }

  /** `$filter=appId eq '...'` or `displayName eq '...'`, the two filters the scripts use. */
  private list(from: Map<string, Entity>, filter: string | null): SimResponse {
    const m = /^(appId|displayName) eq '(.*)'$/.exec(filter ?? '');
    const all = [...from.values()];
    return { status: 200, body: { value: m ? all.filter((e) => e[m[1] ?? ''] === m[2]) : all } };
  }

  /** A managed identity's service principal, as Azure creates it with the identity. */
  addManagedIdentity(principalId: string, clientId: string = randomUUID()): void {
    this.servicePrincipals.set(principalId, { id: principalId, appId: clientId, servicePrincipalType: 'ManagedIdentity', appRoles: [] });
  }

  /** Graph refuses to drop or change an enabled app role; the service principal shows the app's roles. */
  private patchApplication(app: Entity, b: Record<string, unknown>): SimResponse {
    if (Array.isArray(b.appRoles)) {
      const next = b.appRoles as Entity[];
      const lost = ((app.appRoles ?? []) as Entity[]).filter((r) => r.isEnabled && !next.some((n) => n.id === r.id && n.value === r.value));
      if (lost.length > 0) return error(400, 'CannotDeleteOrUpdateEnabledEntitlement', 'Property value cannot be deleted unless it is disabled first.');
      for (const sp of this.servicePrincipals.values()) if (sp.appId === app.appId) sp.appRoles = next;
    }
    Object.assign(app, b, { id: app.id, appId: app.appId });
    return { status: 204 };
  }

  private createApplication(b: Record<string, unknown>): SimResponse {
    if (typeof b.displayName !== 'string') return error(400, 'Request_BadRequest', 'displayName is required.');
    const app: Entity = { requiredResourceAccess: [], signInAudience: 'AzureADMyOrg', ...b, id: randomUUID(), appId: randomUUID() };
    this.applications.set(app.id, app);
    this.credentials.set(app.id, []);
    return { status: 201, body: app };
  }

  private federated(method: string, appId: string, credentialId: string | undefined, b: Record<string, unknown>): SimResponse {
    const list = this.credentials.get(appId);
    if (!list) return error(404, 'Request_ResourceNotFound', 'No such application.');
    const clash = (issuer: unknown, subject: unknown, except?: string) => list.some((c) => c.id !== except && c.issuer === issuer && c.subject === subject);
    if (!credentialId && method === 'GET') return { status: 200, body: { value: list } };
    if (!credentialId && method === 'POST') {
      if (typeof b.name !== 'string' || b.name.length > 120 || list.some((c) => c.name === b.name)) return error(400, 'Request_BadRequest', 'name is missing, too long or taken.');
      if (!Array.isArray(b.audiences) || typeof b.issuer !== 'string' || typeof b.subject !== 'string') return error(400, 'Request_BadRequest', 'issuer, subject and audiences are required.');
      if (clash(b.issuer, b.subject)) return error(409, 'Request_MultipleObjectsWithSameKeyValue', 'issuer and subject are already used.');
      const credential: Entity = { ...b, id: randomUUID() };
      list.push(credential);
      return { status: 201, body: credential };
    }
    const credential = list.find((c) => c.id === credentialId);
    if (!credential) return error(404, 'Request_ResourceNotFound', 'No such credential.');
    if (method === 'DELETE') return (list.splice(list.indexOf(credential), 1), { status: 204 });
    if (method !== 'PATCH') return { status: 200, body: credential };
    if ('name' in b && b.name !== credential.name) return error(400, 'Request_BadRequest', 'name cannot be changed.');
    if (clash(b.issuer ?? credential.issuer, b.subject ?? credential.subject, credential.id)) return error(409, 'Request_MultipleObjectsWithSameKeyValue', 'issuer and subject are already used.');
    return (Object.assign(credential, b), { status: 204 });
  }

  private createServicePrincipal(b: Record<string, unknown>): SimResponse {
    const app = [...this.applications.values()].find((a) => a.appId === b.appId);
    if (!app) return error(400, 'Request_BadRequest', 'No application with that appId.');
    if ([...this.servicePrincipals.values()].some((sp) => sp.appId === b.appId)) return error(409, 'Request_MultipleObjectsWithSameKeyValue', 'The service principal exists.');
    const sp: Entity = { id: randomUUID(), appId: b.appId, displayName: app.displayName, appRoles: app.appRoles ?? [] };
    this.servicePrincipals.set(sp.id, sp);
    return { status: 201, body: sp };
  }

  private assign(resourceSpId: string, b: Record<string, unknown>): SimResponse {
    const resource = this.servicePrincipals.get(resourceSpId);
    if (!resource || b.resourceId !== resourceSpId) return error(400, 'Request_BadRequest', 'resourceId must be the service principal in the path.');
    if (!this.servicePrincipals.has(String(b.principalId))) return error(400, 'Request_BadRequest', 'No such principal.');
    if (!(resource.appRoles as { id: string }[]).some((r) => r.id === b.appRoleId)) return error(400, 'Request_BadRequest', 'No such app role.');
    if (this.assignments.some((a) => a.principalId === b.principalId && a.resourceId === b.resourceId && a.appRoleId === b.appRoleId)) {
      return error(400, 'Request_BadRequest', 'Permission being assigned already exists on the object');
    }
    const assignment: Entity = { id: randomUUID(), principalId: b.principalId, resourceId: b.resourceId, appRoleId: b.appRoleId };
    this.assignments.push(assignment);
    return { status: 201, body: assignment };
  }
}
