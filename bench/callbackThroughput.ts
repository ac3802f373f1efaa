import { odata, TableClient } from '@azure/data-tables';
import { ManagedIdentityCredential } from '@azure/identity';
import type { LocalStack } from '../dev/localStack';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulatedCall } from '../dev/simulator/simulatedCall';
import type { LoadPlan } from './loadGenerator';
import { median, percentile, round, runConcurrently } from './stats';

interface Row {
  readonly concurrency: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU per request, by process: where the time of the 2 shared cores goes. */
  readonly cpuMsPerRequest: { readonly host: number; readonly azurite: number; readonly client: number };
}

/** One timed slice: its requests' latencies, wall time and CPU by process. */
interface Slice {
  readonly latencies: number[];
  readonly wallMs: number;
  readonly cpu: { host: number; azurite: number; client: number };
}

/** CPU time (ms) of a process, from /proc (Linux); NaN elsewhere. */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return Number.NaN;
  }
}

const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const perSecond = (slice: Pick<Slice, 'latencies' | 'wallMs'>) => (slice.latencies.length / slice.wallMs) * 1000;

/** Slices of one kind pooled into a row: throughput over their total wall time, pooled latencies. */
function summarize(concurrency: number, slices: readonly Slice[]): Row {
  const latencies = slices.flatMap((s) => s.latencies);
  const wallMs = slices.reduce((sum, s) => sum + s.wallMs, 0);
  const cpu = (key: keyof Slice['cpu']) => round(slices.reduce((sum, s) => sum + s.cpu[key], 0) / latencies.length, 2);
  return {
    concurrency,
    requests: latencies.length,
    perSecond: round(perSecond({ latencies, wallMs }), 0),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    cpuMsPerRequest: { host: cpu('host'), azurite: cpu('azurite'), client: cpu('client') },
  };
}

/*
 * Callback throughput: each request is a signed roster notification (a participant muted or
 * unmuted) for one of 64 calls, sent by a separate load generator process (Graph is not in the
 * app's process); each worker owns its calls, as Graph sends one call's notifications in order.
 * The baseline does the same Table operations straight against Azurite: read the call's
 * partition, write the changed roster row conditionally.
 */

/** What the load generator process measured, and the calls' state after. */
interface LoadResult {
  readonly latencies: number[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly calls: LoadPlan['calls'];
}

function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'loadGenerator.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify(plan));
  });
}

type Entity = { partitionKey: string; rowKey: string; etag?: string } & Record<string, unknown>;

/** The baseline's data: each call's partition copied as it is stored (call row, roster buckets). */
async function copyPartitions(table: TableClient, calls: readonly SimulatedCall[]): Promise<void> {
  for (const [i, call] of calls.entries()) {
    const partitionKey = encodeURIComponent(call.id);
    for await (const row of table.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      const { etag: _etag, timestamp: _timestamp, ...copy } = row;
      await table.upsertEntity({ ...copy, partitionKey: `baseline-${i}` }, 'Replace');
    }
  }
}

/**
 * What the callback does to storage for a mute, done directly: read the call's partition, change
 * the participant in their roster row, write that row back conditionally in a transaction.
 */
async function baselineOperation(table: TableClient, partitionKey: string): Promise<void> {
  const rows: Entity[] = [];
  for await (const row of table.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) rows.push(row);
  const bucket = rows.find((r) => r.rowKey.startsWith('ros_') && String(r.entries0).includes('"user"'));
  if (!bucket?.etag) throw new Error(`no roster row in ${partitionKey}`);
  const entries = JSON.parse(String(bucket.entries0)) as { identity?: { kind?: string }; isMuted?: boolean }[];
  for (const e of entries) if (e.identity?.kind === 'user') e.isMuted = !e.isMuted;
  const { etag, timestamp: _timestamp, ...entity } = bucket;
  await table.submitTransaction([['update', { ...entity, entries0: JSON.stringify(entries) }, 'Replace', { etag }]]);
}

export interface CallbackPlan {
  readonly concurrencies: readonly number[];
  /** Requests per timed slice, and slices per concurrency for each side. */
  readonly slice: number;
  readonly rounds: number;
}

/**
 * App and baseline run in alternating slices (order swapped each round) after a warm-up of both,
 * so drift in this shared VM's speed hits both sides alike; the ratio is the median of the rounds'.
 */
export async function measureCallbacks(stack: LocalStack, azuritePid: number, plan: CallbackPlan) {
  const sim = stack.simulator.sim;
  let calls: SimulatedCall[] = [];
  for (let i = 0; i < 64; i++) {
    const call = sim.createCall(`${stack.host.url}/api/callback`);
    call.add({ user: { id: `bench-user-${i}` } });
    sim.deliver(call, [call.roster({ legacy: false })]);
    calls.push(call);
  }
  await sim.idle();
  const token = await sim.callbackToken();
  const table = new TableClient(
    stack.settings.STORAGE_TABLE_ENDPOINT ?? '',
    'callinvitations',
    new ManagedIdentityCredential({ clientId: stack.settings.MANAGED_IDENTITY_CLIENT_ID ?? '', httpClient: stack.tls.httpClient }),
    { httpClient: stack.tls.httpClient },
  );
  await copyPartitions(table, calls);

  const appSlice = async (concurrency: number): Promise<Slice> => {
    const [host, azurite] = [processCpuMs(), cpuMsOf(azuritePid)];
    const run = await generateLoad({ token, requests: plan.slice, concurrency, calls: calls.map((c) => c.snapshot()) });
    calls = run.calls.map((c) => SimulatedCall.fromSnapshot(c));
    return { ...run, cpu: { host: processCpuMs() - host, azurite: cpuMsOf(azuritePid) - azurite, client: run.cpuMs } };
  };
  // The baseline's Table client runs in this process: its CPU is the client's, there is no host.
  const baselineSlice = async (concurrency: number): Promise<Slice> => {
    const [client, azurite] = [processCpuMs(), cpuMsOf(azuritePid)];
    const run = await runConcurrently(plan.slice, concurrency, async (index, worker) => {
      const slot = (worker + concurrency * (index % Math.ceil(64 / concurrency))) % 64;
      await baselineOperation(table, `baseline-${slot}`);
    });
    return { ...run, cpu: { host: 0, azurite: cpuMsOf(azuritePid) - azurite, client: processCpuMs() - client } };
  };

  // Warm-up of both sides (JIT, connections, tokens), not recorded.
  await appSlice(8);
  await baselineSlice(8);
  const app: Row[] = [];
  const baseline: Row[] = [];
  const appVsAzurite: { concurrency: number; rounds: number[]; median: number }[] = [];
  for (const concurrency of plan.concurrencies) {
    const appSlices: Slice[] = [];
    const baseSlices: Slice[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      // Swapped each round, so neither side is always the one measured second.
      if (round % 2 === 0) {
        appSlices.push(await appSlice(concurrency));
        baseSlices.push(await baselineSlice(concurrency));
      } else {
        baseSlices.push(await baselineSlice(concurrency));
        appSlices.push(await appSlice(concurrency));
      }
    }
    app.push(summarize(concurrency, appSlices));
    baseline.push(summarize(concurrency, baseSlices));
    const rounds = appSlices.map((a, i) => perSecond(a) / perSecond(baseSlices[i] as Slice));
    appVsAzurite.push({ concurrency, rounds: rounds.map((r) => round(r, 2)), median: round(median(rounds), 2) });
  }
  const at8 = appVsAzurite.find((r) => r.concurrency === 8)?.median ?? Number.NaN;
  return { app, azuriteSameOperations: baseline, appVsAzurite, appVsAzuriteAt8: at8 };
}
