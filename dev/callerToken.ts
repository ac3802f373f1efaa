import type { LocalStack } from './localStack';

/**
 * A caller's access token for our API from the local Entra token endpoint, over HTTP, as a bot
 * gets one: client credentials for `{application ID URI}/.default`, or (with `user`) the password
 * grant for the user through the client app, with the given delegated scopes.
 */
export async function requestToken(stack: LocalStack, clientId: string, user?: { name: string; scopes: readonly string[] }): Promise<string> {
  const api = stack.simulator.callers.api;
  const form = new URLSearchParams(
    user
      ? { grant_type: 'password', client_id: clientId, username: user.name, password: 'not checked', scope: user.scopes.map((s) => `${api.appIdUri}/${s}`).join(' ') }
      : { grant_type: 'client_credentials', client_id: clientId, scope: `${api.appIdUri}/.default` },
  );
  const response = await fetch(`${stack.simulator.httpUrl}/${api.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`no token: ${body.error_description ?? response.status}`);
  return body.access_token;
}
