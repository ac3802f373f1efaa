import { TableClient } from '@azure/data-tables';
import { ManagedIdentityCredential } from '@azure/identity';
import type { LocalStack } from '../dev/localStack';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SimulatedCall } from '../dev/simulator/simulatedCall';
import type { LoadPlan } from './loadGenerator';
import { httpFloorRoute } from './httpFloor';
import { cpuMsOf, cpuPerRequest, perSecond, processCpuMs, summarize, type Row, type Slice } from './slices';
import { median, round, runConcurrently } from './stats';
import { baselineOperation, baselinePartition, copyPartitions } from './tableBaseline';

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

export interface CallbackPlan {
  readonly concurrencies: readonly number[];
  /** Requests per timed slice, and slices per concurrency for each side. */
  readonly slice: number;
  readonly rounds: number;
}

/**
 * App and baseline run in alternating slices (order swapped each round) after a warm-up of all
 * sides, so drift in this shared VM's speed hits both alike; the ratio is the median of the
 * rounds'. Each round also measures the HTTP floor, which bounds the ratio any callback could reach.
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

  const load = async (concurrency: number, url?: string): Promise<Slice & { calls: LoadResult['calls'] }> => {
    const [host, azurite] = [processCpuMs(), cpuMsOf(azuritePid)];
    const run = await generateLoad({ token, requests: plan.slice, concurrency, calls: calls.map((c) => c.snapshot()), ...(url ? { url } : {}) });
    return { ...run, cpu: { host: processCpuMs() - host, azurite: cpuMsOf(azuritePid) - azurite, client: run.cpuMs } };
  };
  const appSlice = async (concurrency: number): Promise<Slice> => {
    const run = await load(concurrency);
    calls = run.calls.map((c) => SimulatedCall.fromSnapshot(c));
    return run;
  };
  // The calls' state is not advanced: the app never saw these notifications.
  const floorSlice = (concurrency: number) => load(concurrency, `${stack.host.url}/api/${httpFloorRoute}`);
  // The baseline's Table client runs in this process: its CPU is the client's, there is no host.
  const baselineSlice = async (concurrency: number): Promise<Slice> => {
    const [client, azurite] = [processCpuMs(), cpuMsOf(azuritePid)];
    const run = await runConcurrently(plan.slice, concurrency, async (index, worker) => {
      await baselineOperation(table, baselinePartition((worker + concurrency * (index % Math.ceil(64 / concurrency))) % 64));
    });
    return { ...run, cpu: { host: 0, azurite: cpuMsOf(azuritePid) - azurite, client: processCpuMs() - client } };
  };

  // Warm-up of every side (JIT, connections, tokens), not recorded.
  await appSlice(8);
  await baselineSlice(8);
  await floorSlice(8);
  const rows = { app: [] as Row[], azuriteSameOperations: [] as Row[], httpFloor: [] as Row[] };
  const appVsAzurite: { concurrency: number; rounds: number[]; median: number; ceiling: number }[] = [];
  for (const concurrency of plan.concurrencies) {
    const slices = { app: [] as Slice[], base: [] as Slice[], floor: [] as Slice[] };
    for (let round = 0; round < plan.rounds; round++) {
      // Swapped each round, so neither side is always the one measured second.
      if (round % 2 === 0) {
        slices.app.push(await appSlice(concurrency));
        slices.base.push(await baselineSlice(concurrency));
      } else {
        slices.base.push(await baselineSlice(concurrency));
        slices.app.push(await appSlice(concurrency));
      }
      slices.floor.push(await floorSlice(concurrency));
    }
    rows.app.push(summarize(concurrency, slices.app));
    rows.azuriteSameOperations.push(summarize(concurrency, slices.base));
    rows.httpFloor.push(summarize(concurrency, slices.floor));
    const ratios = slices.app.map((a, i) => perSecond(a) / perSecond(slices.base[i] as Slice));
    // CPU-bound on shared cores: a callback costs at least the hop (floor) plus the Table work.
    const ceilings = slices.base.map((b, i) => {
      const base = cpuPerRequest(b);
      return base / (base + cpuPerRequest(slices.floor[i] as Slice));
    });
    appVsAzurite.push({ concurrency, rounds: ratios.map((r) => round(r, 2)), median: round(median(ratios), 2), ceiling: round(median(ceilings), 2) });
  }
  const at8 = appVsAzurite.find((r) => r.concurrency === 8);
  return { ...rows, appVsAzurite, appVsAzuriteAt8: at8?.median ?? Number.NaN, ceilingAt8: at8?.ceiling ?? Number.NaN };
}
