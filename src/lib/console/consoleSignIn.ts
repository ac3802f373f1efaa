import type { Fetch } from '../auth/publishedKeys';
import { UnauthorizedError } from '../errors/appError';
import type { SignInTransaction } from './signInTransaction';

export interface ConsoleSignInSettings {
  /** Entra's authority host and the tenant people sign in to. */
  readonly authorityHost: string;
  readonly tenantId: string;
  /** The API's app registration, which is also the console's client. */
  readonly clientId: string;
  readonly appIdUri: string;
  /** Where Entra sends the browser back: `{PUBLIC_BASE_URL}/api/console/signin`. */
  readonly redirectUri: string;
  /** The client assertion: the managed identity's token for api://AzureADTokenExchange (no secret). */
  readonly clientAssertion: () => Promise<string>;
  readonly fetch?: Fetch | undefined;
}

export interface SignedIn {
  readonly accessToken: string;
}

export interface ConsoleSignIn {
  /** Where to send the browser, and what to remember until it returns. */
  start(returnTo: string): Promise<{ readonly url: string; readonly transaction: SignInTransaction }>;
  /** Redeems the code of the URL Entra sent the browser back to, checking state, nonce and PKCE. */
  finish(callbackUrl: URL, transaction: SignInTransaction): Promise<SignedIn>;
}

/** The delegated scopes the console asks for: to look, to act on invitations, to hang up, to operate. */
export const consoleScopes = ['Calls.Read', 'Invitations.Invite', 'Calls.Manage', 'Operations.Admin'] as const;

/**
 * OpenID Connect's authorization code flow with PKCE, done by `openid-client` (discovery, the
 * authorization URL, the code redemption and the ID token's checks: issuer, audience, nonce,
 * lifetime). The code is redeemed with a client assertion instead of a secret: the app
 * registration trusts the app's managed identity (a federated identity credential), as for Graph.
 */
export function createConsoleSignIn(settings: ConsoleSignInSettings): ConsoleSignIn {
  type Client = typeof import('openid-client');
  let discovered: Promise<{ client: Client; config: InstanceType<Client['Configuration']> }> | undefined;
  const options = <C extends Client>(client: C) => (settings.fetch ? { [client.customFetch]: settings.fetch } : {});
  const discover = () =>
    (discovered ??= (async () => {
      const client = await import('openid-client');
      const config = await client.discovery(new URL(`${settings.authorityHost}/${settings.tenantId}/v2.0`), settings.clientId, undefined, undefined, options(client));
      return { client, config };
    })().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    }));

  return {
    async start(returnTo) {
      const { client, config } = await discover();
      const transaction = { codeVerifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), returnTo };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: ['openid', 'profile', ...consoleScopes.map((s) => `${settings.appIdUri}/${s}`)].join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
      });
      return { url: url.href, transaction };
    },

    async finish(callbackUrl, transaction) {
      const { client, config } = await discover();
      const assertion = await settings.clientAssertion();
      const redeeming = new client.Configuration(config.serverMetadata(), settings.clientId, undefined, (_as, registered, body) => {
        body.set('client_id', registered.client_id);
        body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
        body.set('client_assertion', assertion);
      });
      if (settings.fetch) redeeming[client.customFetch] = settings.fetch;
      try {
        const tokens = await client.authorizationCodeGrant(redeeming, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        return { accessToken: tokens.access_token };
      } catch (error) {
        // The protocol's refusals (state, nonce, an error answer, a refused code) are the browser's
        // sign-in failing, not the app's: a 401 that starts over. Network failures are thrown as they are.
        if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError || isProtocolError(error)) {
          const said = error instanceof client.ResponseBodyError || error instanceof client.AuthorizationResponseError ? ` Entra ID answered ${error.error}: ${error.error_description ?? ''}` : '';
          throw new UnauthorizedError(`The sign-in could not be completed.${said}`, error);
        }
        throw error;
      }
    },
  };
}

function isProtocolError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('OAUTH_');
}
