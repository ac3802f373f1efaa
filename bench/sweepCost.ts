import { odata, type TableClient } from '@azure/data-tables';
import type { LocalStack } from '../dev/localStack';
import { writeFinishedCalls } from '../dev/finishedCalls';
import { RequestCounter } from '../dev/requestCounter';
import { sweepInvitations } from '../src/lib/app/finalizeService';
import { replayPendingNotifications } from '../src/lib/app/replayService';
import { createServices, type Services } from '../src/lib/app/services';
import { getConfig } from '../src/lib/config/config';
import { invitationPrefix, prefixEnd } from '../src/lib/storage/entities';
import { inboxPrefix } from '../src/lib/storage/inbox';
import { purgeIdleCalls } from '../src/lib/storage/retention';
import { median, round } from './stats';

const dayMs = 24 * 60 * 60 * 1000;
const quiet = { info: () => {}, warn: () => {} };

/** One run of the two 30-second sweeps, as the timers run them. */
async function sweepOnce(services: Services): Promise<void> {
  await sweepInvitations(services, quiet);
  await replayPendingNotifications(services);
}

/** One run of the daily purge. */
async function purgeOnce(services: Services): Promise<void> {
  const now = services.now();
  await purgeIdleCalls(services.storage, services.sweeps, now, new Date(now.getTime() - services.config.retentionDays * dayMs));
}

const drain = async (table: TableClient, filter: string, select: string[]) => {
  for await (const _ of table.listEntities({ queryOptions: { filter, select } })) void _;
};

/** The same 30-second jobs as this app did them before issue #12: queries across every partition. */
async function scanOnce(table: TableClient): Promise<void> {
  const now = new Date();
  const [inv, inb] = [invitationPrefix, inboxPrefix];
  await drain(table, odata`RowKey ge ${inv} and RowKey lt ${prefixEnd(inv)} and sendState eq 'unsent' and sendAttempts eq 0 and createdAt le ${new Date(now.getTime() - 40_000).toISOString()}`, ['callId']);
  await drain(table, odata`RowKey ge ${inv} and RowKey lt ${prefixEnd(inv)} and open eq true and deadline le ${now}`, ['callId']);
  await drain(table, odata`RowKey ge ${inb} and RowKey lt ${prefixEnd(inb)} and dead eq false and receivedAtTime le ${now}`, ['callId']);
}

/** The old daily purge's candidate query. */
async function scanPurgeOnce(table: TableClient): Promise<void> {
  await drain(table, odata`Timestamp lt ${new Date(Date.now() - 30 * dayMs)}`, ['PartitionKey']);
}

async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/**
 * Sweep cost against two tables, one holding `small` finished calls and one `large`, measured in
 * alternation (so this VM's drifting speed hits both alike): time, storage requests and entities
 * read per run of all three sweeps, for this design and for the old cross-partition queries.
 */
export async function measureSweepCost(stack: LocalStack, sizes: { small: number; large: number }, runs: number) {
  const counter = new RequestCounter(() => stack.settings.STORAGE_TABLE_ENDPOINT ?? '');
  const overrides = { httpClient: counter.wrap(stack.tls.httpClient) };
  const tables = await Promise.all(
    [sizes.small, sizes.large].map(async (calls, i) => {
      const services = await createServices({ ...getConfig(), tableName: `sweepbench${i}${Date.now()}` }, overrides);
      await sweepOnce(services); // creates the tables and runs the one-time backfill on them while empty
      await writeFinishedCalls(services.storage, services.sweeps, 'finished', calls, 16);
      return { calls, services };
    }),
  );
  const sample = async (services: Services, run: (s: Services) => Promise<void>) => {
    counter.reset();
    const ms = await timed(() => run(services));
    counter.enabled = false;
    return { ms, requests: counter.transactions, entitiesRead: counter.entitiesRead, scans: counter.scans };
  };
  const designs = {
    '30-second sweeps (this design)': sweepOnce,
    '30-second sweeps (old cross-partition queries)': (s: Services) => scanOnce(s.storage.table),
    'daily purge (this design)': purgeOnce,
    'daily purge (old Timestamp query)': (s: Services) => scanPurgeOnce(s.storage.table),
  };
  const rows = [];
  for (const [design, run] of Object.entries(designs)) {
    for (const t of tables) await run(t.services); // warm-up
    const samples = tables.map(() => [] as Awaited<ReturnType<typeof sample>>[]);
    for (let r = 0; r < runs; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) samples[i]?.push(await sample((tables[i] as (typeof tables)[number]).services, run));
    }
    const summary = samples.map((s, i) => ({
      finishedCalls: tables[i]?.calls ?? 0,
      medianMs: round(median(s.map((x) => x.ms)), 2),
      requests: s[0]?.requests ?? 0,
      entitiesRead: s[0]?.entitiesRead ?? 0,
      scanningQueries: s[0]?.scans ?? 0,
    }));
    rows.push({ design, small: summary[0], large: summary[1], ratio: round((summary[1]?.medianMs ?? 0) / (summary[0]?.medianMs ?? 1), 2) });
  }
  return rows;
}
