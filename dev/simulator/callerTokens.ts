import { randomUUID } from 'node:crypto';
import type { IdentitySettings, SimResponse } from './simTypes';
import { signToken, type SigningKey } from './signingKeys';

/** Our API's app registration as Entra knows it: client id, application ID URI, token version. */
export interface ApiRegistration {
  readonly clientId: string;
  readonly appIdUri: string;
  readonly tenantId: string;
  /** `api.requestedAccessTokenVersion`: which token format Entra issues for the API. */
  readonly tokenVersion: 1 | 2;
}

/** A client app (a bot, a daemon, a managed identity) and the API's app roles granted to it. */
export interface CallerApp {
  readonly appId: string;
  readonly objectId: string;
  readonly displayName: string;
  roles: string[];
}

export interface CallerTokenOptions {
  readonly appId?: string;
  /** A user's object id: a delegated token (with `scp`) for the user through the client app. */
  readonly userId?: string;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  readonly version?: 1 | 2;
  readonly tenantId?: string;
  readonly audience?: string;
  /** Claims that win over the defaults (lifetime, idtyp...). */
  readonly claims?: Record<string, unknown>;
  /** Sign with another key (one the tenant never published). */
  readonly key?: SigningKey;
}

const lifetimeSeconds = 3600;
const fail = (error: string, description: string): SimResponse => ({ status: 400, body: { error, error_description: description } });

/**
 * Entra ID issuing access tokens for our API to its callers, in both formats: v1 (issuer
 * `https://sts.windows.net/{tid}/`, `aud` the application ID URI, `appid`) and v2 (issuer
 * `{authority}/{tid}/v2.0`, `aud` the client id, `azp`). App-only tokens carry `roles`, user tokens
 * `scp`. The token endpoint grants them to registered client apps (client credentials) and to
 * local users through a client (the password grant; the simulator checks no password).
 */
export class CallerTokens {
  readonly apps = new Map<string, CallerApp>();
  /** Local users by user name; their object ids. */
  readonly users = new Map<string, string>();

  /** Our API's registration (a new client id, `api://{id}`, v2 tokens) in the simulated tenant. */
  readonly api: ApiRegistration;

  constructor(
    private readonly key: SigningKey,
    settings: IdentitySettings,
    private readonly authority: () => string,
  ) {
    const clientId = randomUUID();
    this.api = { clientId, appIdUri: `api://${clientId}`, tenantId: settings.tenantId, tokenVersion: 2 };
    // The bot's managed identity is a client like any other: no roles until granted.
    this.register('managed identity', [], settings.managedIdentityClientId, settings.managedIdentityPrincipalId);
  }

  /** Registers a client app with the app roles an administrator granted it (appRoleAssignedTo). */
  register(displayName: string, roles: string[], appId: string = randomUUID(), objectId: string = randomUUID()): CallerApp {
    const app = { appId, objectId, displayName, roles };
    this.apps.set(appId, app);
    return app;
  }

  /**
   * The local stack's callers: a bot with Invitations.Invite and Calls.Read, an operator with
   * Operations.Admin, a client with no roles, and a connector client with a maker who signs in.
   */
  registerLocalCallers(): { bot: CallerApp; operator: CallerApp; noRoles: CallerApp; connector: CallerApp; maker: string } {
    const maker = 'maker@contoso.example';
    this.users.set(maker, randomUUID());
    return {
      bot: this.register('local bot', ['Invitations.Invite', 'Calls.Read', 'Calls.Manage']),
      operator: this.register('local operator', ['Operations.Admin']),
      noRoles: this.register('local client without roles', []),
      connector: this.register('local Power Automate connector', []),
      maker,
    };
  }

  isApi(resource: string): boolean {
    return resource.replace(/\/\.default$/, '') === this.api.appIdUri || resource === this.api.clientId;
  }

  sign(options: CallerTokenOptions = {}): Promise<string> {
    const version = options.version ?? this.api.tokenVersion;
    const tid = options.tenantId ?? this.api.tenantId;
    const appId = options.appId ?? randomUUID();
    const app = this.apps.get(appId);
    const delegated = options.userId !== undefined;
    const principal = options.userId ?? app?.objectId ?? randomUUID();
    const claims = {
      ver: version === 2 ? '2.0' : '1.0',
      iss: version === 2 ? `${this.authority()}/${tid}/v2.0` : `https://sts.windows.net/${tid}/`,
      aud: options.audience ?? (version === 2 ? this.api.clientId : this.api.appIdUri),
      tid,
      oid: principal,
      // For an application the subject is its service principal; a user's is pairwise, not the oid.
      sub: delegated ? randomUUID() : principal,
      ...(version === 2 ? { azp: appId } : { appid: appId }),
      // The optional claim the API's registration asks for (infra/entra/apiApp.mjs).
      idtyp: delegated ? 'user' : 'app',
      ...(options.roles && options.roles.length > 0 ? { roles: [...options.roles] } : {}),
      ...(delegated ? { scp: (options.scopes ?? []).join(' ') } : {}),
      ...options.claims,
    };
    return signToken(options.key ?? this.key, claims, lifetimeSeconds);
  }

  /** The token endpoint for our API's callers; undefined when the client is not one of them. */
  async grant(form: URLSearchParams): Promise<SimResponse | undefined> {
    const app = this.apps.get(form.get('client_id') ?? '');
    if (!app) return undefined;
    const requested = (form.get('scope') ?? '').split(' ').filter((s) => s !== '');
    if (!requested.every((s) => this.isApi(s.replace(/\/[^/]+$/, '')) || this.isApi(s))) return fail('invalid_scope', 'AADSTS500011: The resource principal was not found in the tenant.');
    let token: string;
    if (form.get('grant_type') === 'client_credentials') {
      if (requested.length !== 1 || !requested[0]?.endsWith('/.default')) return fail('invalid_scope', 'AADSTS1002012: client credentials take one scope, {resource}/.default.');
      token = await this.sign({ appId: app.appId, roles: app.roles });
    } else if (form.get('grant_type') === 'password') {
      const userId = this.users.get(form.get('username') ?? '');
      if (!userId) return fail('invalid_grant', 'AADSTS50034: The user account does not exist in this directory.');
      token = await this.sign({ appId: app.appId, userId, scopes: requested.map((s) => s.slice(s.lastIndexOf('/') + 1)).filter((s) => s !== '.default') });
    } else {
      return fail('unsupported_grant_type', 'client_credentials or password');
    }
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetimeSeconds, ext_expires_in: lifetimeSeconds, access_token: token } };
  }
}
