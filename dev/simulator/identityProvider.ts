import { randomBytes } from 'node:crypto';
import type { CallerTokens } from './callerTokens';
import { signToken, verifyToken, type SigningKey } from './signingKeys';

// Shared with callerTokens.ts, which this file uses: in a file of their own, so the two do not import each other.
export type { IdentitySettings, SimResponse } from './simTypes';
import type { IdentitySettings, SimResponse } from './simTypes';

export interface TokenCounters {
  managedIdentity: number;
  entra: number;
}

const exchangeAudience = 'api://AzureADTokenExchange';
const tokenLifetimeSeconds = 3600;

/**
 * The managed identity endpoint (App Service's IDENTITY_ENDPOINT protocol) and the Entra token
 * endpoint with a federated identity credential on the bot's app registration that trusts the
 * managed identity. Tokens are real JWTs signed with `key`, so Graph and Azurite can check them.
 */
export class IdentityProvider {
  readonly identityHeader = randomBytes(16).toString('hex');
  readonly counters: TokenCounters = { managedIdentity: 0, entra: 0 };
  /** Fault injection: the next n managed identity requests answer 500. */
  failManagedIdentity = 0;

  constructor(
    readonly settings: IdentitySettings,
    private readonly key: SigningKey,
    /** Tokens for our own API's callers (the bot's managed identity may be one). */
    readonly callers: CallerTokens,
  ) {}

  get issuer(): string {
    return `https://sts.windows.net/${this.settings.tenantId}/`;
  }

  async managedIdentity(url: URL, headers: Record<string, string | undefined>): Promise<SimResponse> {
    this.counters.managedIdentity++;
    if (headers['x-identity-header'] !== this.identityHeader) {
      return { status: 401, body: { error: 'invalid_request', error_description: 'x-identity-header is wrong' } };
    }
    if (this.failManagedIdentity > 0) {
      this.failManagedIdentity--;
      return { status: 500, body: { error: 'unavailable', error_description: 'injected failure' } };
    }
    const resource = url.searchParams.get('resource');
    const clientId = url.searchParams.get('client_id');
    if (!resource) return { status: 400, body: { error: 'invalid_request', error_description: 'resource is required' } };
    if (clientId && clientId !== this.settings.managedIdentityClientId) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'unknown identity' } };
    }
    const token = await this.managedIdentityToken(resource);
    const expiresOn = Math.floor(Date.now() / 1000) + tokenLifetimeSeconds;
    return {
      status: 200,
      body: {
        access_token: token,
        expires_on: String(expiresOn),
        resource,
        token_type: 'Bearer',
        client_id: this.settings.managedIdentityClientId,
      },
    };
  }

  /** For our API, the token carries the app roles granted to the identity (appRoleAssignedTo). */
  private managedIdentityToken(resource: string): Promise<string> {
    const { managedIdentityClientId: appId, managedIdentityPrincipalId: principal, tenantId: tid } = this.settings;
    if (this.callers.isApi(resource)) return this.callers.sign({ appId, roles: this.callers.apps.get(appId)?.roles ?? [] });
    return signToken(this.key, { iss: this.issuer, aud: resource, sub: principal, oid: principal, appid: appId, tid }, tokenLifetimeSeconds);
  }

  openIdConfiguration(baseUrl: string, tenant: string): SimResponse {
    const authority = `${baseUrl}/${tenant}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        issuer: `${authority}/v2.0`,
        response_types_supported: ['code', 'id_token', 'token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      },
    };
  }

  /** client_credentials with a client assertion: the managed identity's token for the exchange audience. */
  async token(form: URLSearchParams): Promise<SimResponse> {
    // Tokens for our API's callers are not the app's own: not counted.
    const caller = await this.callers.grant(form);
    if (caller) return caller;
    this.counters.entra++;
    const fail = (error: string, description: string): SimResponse => ({
      status: 400,
      body: { error, error_description: description },
    });
    if (form.get('grant_type') !== 'client_credentials') return fail('unsupported_grant_type', 'client_credentials only');
    if (form.get('client_id') !== this.settings.botAppId) return fail('unauthorized_client', 'unknown application');
    const assertion = form.get('client_assertion');
    if (!assertion) return fail('invalid_client', 'a client assertion is required (no secrets here)');
    const claims = await verifyToken(this.key, assertion, exchangeAudience);
    if (!claims || claims.sub !== this.settings.managedIdentityPrincipalId) {
      return fail('invalid_client', 'AADSTS70021: No matching federated identity record found for presented assertion.');
    }
    const scope = form.get('scope') ?? '';
    const resource = scope.replace(/\/\.default$/, '');
    const token = await signToken(
      this.key,
      {
        iss: this.issuer,
        aud: resource,
        appid: this.settings.botAppId,
        azp: this.settings.botAppId,
        tid: this.settings.tenantId,
        roles: ['Calls.InitiateGroupCall.All', 'Calls.JoinGroupCall.All'],
      },
      tokenLifetimeSeconds,
    );
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: tokenLifetimeSeconds, ext_expires_in: tokenLifetimeSeconds, access_token: token },
    };
  }
}
