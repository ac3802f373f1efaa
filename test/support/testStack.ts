import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ManagedIdentityCredential } from '@azure/identity';
import { TableClient } from '@azure/data-tables';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../dev/localStack';
import { defaultScenario } from '../../dev/simulator/graphSimulator';
import { requestToken } from '../../dev/callerToken';
import { getServices } from '../../src/lib/app/services';

export interface TestStack {
  readonly stack: LocalStack;
  readonly url: string;
  /** Every line the functions logged, rendered as text. */
  readonly logs: string[];
  /** Moves the app's clock forward (invitation deadlines). */
  advance(seconds: number): void;
  /** Stops the app's clock at `at`; `undefined` lets it run again. */
  freezeClock(at: Date | undefined): void;
  newCall(): string;
  /** How this stack's requests authenticate: a token with every role (entra, both) and the key (functionKey, both). */
  readonly auth: Readonly<Record<string, string>>;
  /** fetch against the API with `auth`; `path` under the host (/api/...) or absolute. */
  api(path: string, init?: RequestInit): Promise<Response>;
  invite(callId: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  getJson(url: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  /** Every row in the app's table, for "changed nothing" assertions. */
  tableRows(): Promise<Record<string, unknown>[]>;
  /** Waits for every simulated ring and notification delivery to finish. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export const user = (id: string, displayName = 'User') => ({ identity: { user: { id, displayName } } });

export async function openTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  let offsetMs = 0;
  let frozen: Date | undefined;
  const logs: string[] = [];
  const stack = await startLocalStack({
    now: () => new Date(frozen?.getTime() ?? Date.now() + offsetMs),
    log: (level, ...args) => logs.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ')}`),
    ...options,
  });
  const url = stack.host.url;
  const mode = stack.settings.API_AUTH_MODE;
  // A client granted every app role, and its token from the token endpoint (client credentials).
  const everyRole = stack.simulator.callers.register('test client', ['Invitations.Invite', 'Calls.Read', 'Operations.Admin', 'Calls.Manage']);
  const auth: Record<string, string> = {
    ...(mode === 'functionKey' ? {} : { authorization: `Bearer ${await requestToken(stack, everyRole.appId)}` }),
    ...(stack.functionKeys ? { 'x-functions-key': stack.functionKeys.master } : {}),
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(path.startsWith('http') ? path : `${url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  const table = new TableClient(
    stack.settings.STORAGE_TABLE_ENDPOINT ?? '',
    'callinvitations',
    new ManagedIdentityCredential({ clientId: stack.settings.MANAGED_IDENTITY_CLIENT_ID ?? '', httpClient: stack.tls.httpClient }),
    { httpClient: stack.tls.httpClient },
  );
  return {
    stack,
    url,
    logs,
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    freezeClock(at) {
      frozen = at;
    },
    newCall() {
      return stack.simulator.sim.createCall(`${url}/api/callback`).id;
    },
    auth,
    api,
    invite(callId, body, headers = {}) {
      return api(`/api/calls/${encodeURIComponent(callId)}/participants/invite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async getJson(target) {
      const response = await api(target);
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
    },
    async tableRows() {
      const rows: Record<string, unknown>[] = [];
      try {
        for await (const e of table.listEntities<Record<string, unknown>>()) {
          const { etag: _etag, timestamp: _timestamp, ...rest } = e;
          rows.push(rest);
        }
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
      return rows;
    },
    async settle() {
      await stack.simulator.sim.idle();
      // Deliveries the app started right after storing a change (immediate delivery) finish too.
      const services = await getServices().catch(() => undefined);
      await services?.immediate.idle();
      // The bookkeeping written behind the changes (checks closed, departures checks) is written now.
      await services?.sweepWrites.flush();
    },
    async close() {
      stack.simulator.sim.scenario = defaultScenario();
      await stack.close();
    },
  };
}

/** One local stack for a test file, with the scenario reset before each test. */
export function useTestStack(options: LocalStackOptions = {}): () => TestStack {
  let t: TestStack | undefined;
  beforeAll(async () => {
    t = await openTestStack(options);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    if (t) t.stack.simulator.sim.scenario = defaultScenario();
  });
  return () => {
    if (!t) throw new Error('the test stack is not open yet');
    return t;
  };
}
