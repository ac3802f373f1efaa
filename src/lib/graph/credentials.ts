import {
  ClientAssertionCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import type { AppConfig } from '../config/config';

/** Audience of the managed identity token that a federated identity credential accepts. */
export const tokenExchangeScope = 'api://AzureADTokenExchange/.default';

/** The user-assigned managed identity (IDENTITY_ENDPOINT/IDENTITY_HEADER in Azure Functions). */
export function createManagedIdentityCredential(config: AppConfig, options: TokenCredentialOptions): TokenCredential {
  return config.managedIdentityClientId
    ? new ManagedIdentityCredential({ ...options, clientId: config.managedIdentityClientId })
    : new ManagedIdentityCredential(options);
}

/**
 * The credential Graph calls are made with. A calling bot acts as its app registration, so the
 * default mode presents the managed identity's token as the app's client assertion (federated
 * identity credential): no secret or certificate exists anywhere.
 */
export function createGraphCredential(
  config: AppConfig,
  managedIdentity: TokenCredential,
  options: TokenCredentialOptions,
): TokenCredential {
  if (config.graph.authMode === 'managedIdentity') return managedIdentity;
  const tenantId = config.bot.tenantId;
  if (!tenantId) throw new Error('BOT_TENANT_ID is validated to be set in federatedBot mode');
  return new ClientAssertionCredential(
    tenantId,
    config.bot.appId,
    async () => {
      const token = await managedIdentity.getToken(tokenExchangeScope);
      if (!token) throw new Error('The managed identity returned no token for the token exchange');
      return token.token;
    },
    // The authority is configuration (sovereign clouds, the local stack), so skip instance discovery.
    { ...options, authorityHost: config.authorityHost, disableInstanceDiscovery: true },
  );
}
