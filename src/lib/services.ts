import type { TokenCredential } from '@azure/identity';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { TableClient } from '@azure/data-tables';
import { CallStore } from './callStore';
import { InboxStore } from './inboxStore';
import { InvitationStore } from './invitationStore';
import { TableAccess } from './tableAccess';
import { createCallbackTokenVerifier, type CallbackTokenVerifier } from './callbackTokenVerifier';
import { getConfig, resetConfig, type AppConfig } from './config';
import { createGraphCredential, createManagedIdentityCredential } from './credentials';
import { createGraphClient, createGraphInviter, type GraphInviter } from './graphInviter';

/** The process-wide clients, built once on first use and handed to the handlers. */
export interface Services {
  readonly config: AppConfig;
  /** The table itself (health checks). */
  readonly storage: TableAccess;
  readonly calls: CallStore;
  readonly invitations: InvitationStore;
  readonly inbox: InboxStore;
  readonly inviter: GraphInviter;
  readonly verifier: CallbackTokenVerifier;
  readonly now: () => Date;
}

/** Seams for the local stack and tests: the Azure SDK transport and the clock. */
export interface ServiceOverrides {
  readonly httpClient?: HttpClient;
  readonly now?: () => Date;
}

let overrides: ServiceOverrides = {};
let current: Services | undefined;

function tableClient(config: AppConfig, credential: TokenCredential, httpClient: HttpClient | undefined): TableClient {
  const options = httpClient ? { httpClient } : {};
  if (config.storage.kind === 'endpoint') {
    return new TableClient(config.storage.endpoint, config.tableName, credential, options);
  }
  const insecure = /(^|;)\s*(TableEndpoint=http:|UseDevelopmentStorage=true)/i.test(config.storage.connectionString);
  return TableClient.fromConnectionString(config.storage.connectionString, config.tableName, {
    ...options,
    allowInsecureConnection: insecure,
  });
}

export function createServices(config: AppConfig, seams: ServiceOverrides = {}): Services {
  const credentialOptions = seams.httpClient ? { httpClient: seams.httpClient } : {};
  const managedIdentity = createManagedIdentityCredential(config, credentialOptions);
  const graphCredential = createGraphCredential(config, managedIdentity, credentialOptions);
  const storage = new TableAccess(tableClient(config, managedIdentity, seams.httpClient));
  return {
    config,
    storage,
    calls: new CallStore(storage),
    invitations: new InvitationStore(storage),
    inbox: new InboxStore(storage),
    inviter: createGraphInviter(config, createGraphClient(config, graphCredential)),
    verifier: createCallbackTokenVerifier(config.callbackAuth),
    now: seams.now ?? (() => new Date()),
  };
}

/** The composition root: one set of clients per process (per configuration, in tests). */
export function getServices(): Services {
  current ??= createServices(getConfig(), overrides);
  return current;
}

/** Rebuilds the clients on next use, e.g. after the local stack changed the environment. */
export function useServiceOverrides(next: ServiceOverrides): void {
  overrides = next;
  current = undefined;
  resetConfig();
}
