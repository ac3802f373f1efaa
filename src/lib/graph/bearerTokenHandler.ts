import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { notSent } from './fetchHandler';

/**
 * Adds the bearer token to requests for the configured Graph base URL. The library's own
 * AuthenticationHandler only trusts https Graph hosts, which would leave a configured endpoint
 * (sovereign cloud proxy, local simulator) silently unauthenticated. The token comes from the
 * credential, whose cache makes this one fetch per token lifetime.
 */
export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly baseUrl: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (url.toLowerCase().startsWith(this.baseUrl.toLowerCase() + '/')) {
      let token: AccessToken | null;
      try {
        token = await this.credential.getToken(this.scope);
      } catch (error) {
        // No token means nothing was sent: safe for the caller to retry.
        throw notSent(`no token for Graph (${error instanceof Error ? error.name : 'error'})`);
      }
      if (!token) throw notSent('the credential returned no token for Graph');
      const options = context.options ?? {};
      context.options = {
        ...options,
        headers: { ...(options.headers as Record<string, string> | undefined), Authorization: `Bearer ${token.token}` },
      };
    }
    if (!this.next) throw new Error('BearerTokenHandler must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
