import type { HttpClient } from '@azure/core-rest-pipeline';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { AuthenticationError, CredentialUnavailableError, type TokenCredential } from '@azure/identity';
import type { AppConfig } from '../config/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageUnavailableError } from '../errors/appError';
import { isNotFound, isStorageUnavailable, isTableMissing } from './tableErrors';

/** Operations one Table transaction may hold. */
const transactionLimit = 100;

/** How often a read-modify-write is repeated after losing an ETag race before giving up. */
export const maxConflictRetries = 20;

export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/** No token for storage (managed identity endpoint down): as unavailable as storage itself. */
function isCredentialFailure(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof CredentialUnavailableError;
}

/** The app's table: creates it on first use and turns outages into StorageUnavailableError (503). */
export class TableAccess {
  private tableReady: Promise<void> | undefined;

  constructor(readonly table: TableClient) {}

  async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isTableMissing(error)) {
        this.tableReady ??= this.table.createTable();
        await this.tableReady;
        return this.run(operation);
      }
      if (isStorageUnavailable(error) || isCredentialFailure(error)) throw new StorageUnavailableError(error);
      throw error;
    }
  }

  /**
   * Submits actions of one partition in order, as transactions of at most 100 operations. Returns
   * the new ETag of every row written (sub-responses come in the order of the operations).
   */
  async submitInBatches(actions: readonly TransactionAction[]): Promise<Map<string, string>> {
    const etags = new Map<string, string>();
    for (let i = 0; i < actions.length; i += transactionLimit) {
      const batch = actions.slice(i, i + transactionLimit);
      const response = await this.run(() => this.table.submitTransaction(batch));
      response.subResponses.forEach((sub, k) => {
        const action = batch[k];
        if (action && action[0] !== 'delete' && sub.etag) etags.set(action[1].rowKey, sub.etag.trim());
      });
    }
    return etags;
  }

  /** Proves the table answers: a point read of a row that never exists. */
  async ping(): Promise<void> {
    try {
      await this.run(() => this.table.getEntity('health', 'probe'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

/** The endpoint with the managed identity in Azure; a connection string (Azurite) locally. */
export function createTableClient(config: AppConfig, credential: TokenCredential, httpClient: HttpClient | undefined, tableName = config.tableName): TableClient {
  const options = httpClient ? { httpClient } : {};
  if (config.storage.kind === 'endpoint') {
    return new TableClient(config.storage.endpoint, tableName, credential, options);
  }
  const insecure = /(^|;)\s*(TableEndpoint=http:|UseDevelopmentStorage=true)/i.test(config.storage.connectionString);
  return TableClient.fromConnectionString(config.storage.connectionString, tableName, { ...options, allowInsecureConnection: insecure });
}

export async function backoff(attempt: number): Promise<void> {
  // Jitter spreads racing writers apart; the cap keeps a busy call's notifications moving.
  await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random());
}
