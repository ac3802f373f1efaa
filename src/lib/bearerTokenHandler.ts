import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';

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
      const token = await this.credential.getToken(this.scope);
      if (!token) throw new Error('The credential returned no token for Graph');
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
