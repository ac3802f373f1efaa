import { join } from 'node:path';

/*
 * Azurite's Table service started in-process from the npm package. `require('azurite')` pulls in
 * VS Code, so the server classes are loaded by path; these are Azurite internals, hence the pinned
 * version in package.json.
 */
/** import() of a transpiled CommonJS module nests its default export one level deeper under Node. */
function unwrap<T extends { default: unknown }>(mod: T): T {
  const inner = (mod.default as { default?: unknown } | undefined)?.default;
  return inner === undefined ? mod : ({ default: inner } as T);
}

export interface AzuriteTables {
  readonly port: number;
  /** Endpoint of the dev account, as STORAGE_TABLE_ENDPOINT takes it. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  readonly port?: number;
  /** With a certificate: https and OAuth (the Azure path). Without: plain http and shared key, as `func start` uses it. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** A folder to keep the data in across restarts; in memory when absent. */
  readonly location?: string;
}

/** Starts Azurite Tables over https with OAuth, so the app uses the same token path as in Azure. */
export async function startAzuriteTables(options: AzuriteOptions): Promise<AzuriteTables> {
  const { default: TableServer } = unwrap(await import('azurite/dist/src/table/TableServer.js'));
  const { default: TableConfiguration } = unwrap(await import('azurite/dist/src/table/TableConfiguration.js'));
  const config = new TableConfiguration(
    '127.0.0.1',
    options.port ?? 0,
    5,
    options.location ? join(options.location, '__azurite_db_table__.json') : 'unused-in-memory.json',
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    false, // skipApiVersionCheck
    options.certFile ?? '',
    options.keyFile ?? '',
    '',
    options.certFile ? 'basic' : undefined, // OAuth: accept bearer tokens for https://storage.azure.com
    false,
    options.location === undefined, // in-memory persistence
  );
  const server = new TableServer(config);
  await server.start();
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    port,
    endpoint: `${options.certFile ? 'https' : 'http'}://127.0.0.1:${port}/devstoreaccount1`,
    async stop() {
      await server.close();
    },
  };
}
