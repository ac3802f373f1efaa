// A Microsoft Graph client for the Entra setup scripts: the token comes from an injectable
// credential (azd's or az's login in the hooks, the simulator's in tests), the base URL may be
// the simulator's plain-http address, which the library's own auth handler would skip.
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';

/** @typedef {import('@azure/identity').TokenCredential} TokenCredential */

/**
 * @param {TokenCredential} credential
 * @param {string} baseUrl Graph's root: https://graph.microsoft.com, or the simulator's
 * @param {string} scope
 * @returns {Client}
 */
export function graphClient(credential, baseUrl = 'https://graph.microsoft.com', scope = 'https://graph.microsoft.com/.default') {
  const send = new HTTPMessageHandler();
  /** @type {import('@microsoft/microsoft-graph-client').Middleware} */
  const auth = {
    async execute(context) {
      const token = await credential.getToken(scope);
      if (!token) throw new Error(`no token for ${scope}`);
      const options = context.options ?? {};
      context.options = { ...options, headers: { ...(/** @type {Record<string, string>} */ (options.headers ?? {})), Authorization: `Bearer ${token.token}` } };
      await send.execute(context);
    },
  };
  return Client.initWithMiddleware({ middleware: auth, baseUrl: new URL(baseUrl).origin, defaultVersion: 'v1.0' });
}
