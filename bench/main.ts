/*
 * `npm run bench`: measures the built app on this machine against Azurite (in its own process)
 * and the Graph simulator, prints a table and writes bench/results.json. Not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { installFunctionsCore } from '../dev/functionsCore';
import { startLocalStack } from '../dev/localStack';
import { RequestCounter } from '../dev/requestCounter';
import { createLocalTls } from '../dev/tls';
import { measureCallbacks } from './callbackThroughput';
import { measureColdStart } from './coldStart';
import { measureCallbackWithHangingReceiver, measureDeliveryCost, measureEventLatency } from './eventDelivery';
import { registerHttpFloor } from './httpFloor';
import { measureRealisticCalls } from './realisticCall';
import { measureInvites, measureOperationNotification, measureRosters } from './rosterAndInvite';
import { measureSweepCost } from './sweepCost';
import { targetRows } from './targets';

const dist = join(__dirname, '..');
const repo = join(dist, '..');

function packageSize() {
  const files = ['dist/main.js', 'dist/app.js', 'dist/telemetry.js', 'host.json', 'package.json'];
  const bytes = files.reduce((sum, f) => sum + statSync(join(repo, f)).size, 0);
  const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(repo, f))).length, 0);
  return { files, bytes, gzipBytes: gzip };
}

async function startAzurite(certFile: string, keyFile: string) {
  const child = spawn(process.execPath, [join(dist, 'bench', 'azuriteProcess.js'), certFile, keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`azurite exited with ${code}`)));
  });
  process.on('exit', () => child.kill());
  return { endpoint, pid: child.pid ?? 0, stop: () => child.kill() };
}

async function main(): Promise<void> {
  const tls = await createLocalTls();
  const azurite = await startAzurite(tls.certFile, tls.keyFile);
  const counter = new RequestCounter(() => azurite.endpoint);
  // The floor function is registered through the same functions-core as the app's, before it.
  installFunctionsCore();
  registerHttpFloor();
  const stack = await startLocalStack({
    external: { tls, azuriteEndpoint: azurite.endpoint },
    wrapHttpClient: (inner) => counter.wrap(inner),
    loadApp: async () => require(join(dist, 'main.js')),
  });
  try {
    const step = (name: string) => console.error(`... ${name}`);
    step('cold start');
    const coldStart = await measureColdStart(stack, 25);
    step('a realistic call on one instance and on two (storage transactions per notification)');
    const realisticCall = await measureRealisticCalls(stack, counter);
    step('sweep cost with 10 and 10,000 finished calls stored');
    const sweepCost = await measureSweepCost(stack, { small: 10, large: 10_000 }, 15);
    step('callback throughput');
    const callback = await measureCallbacks(stack, azurite.pid, { concurrencies: [1, 8, 32], slice: 300, rounds: 5 });
    step('rosters');
    const roster = await measureRosters(stack, counter, [10, 100, 1000]);
    step('invites');
    const invite = await measureInvites(stack, counter, 1000);
    const operation = await measureOperationNotification(stack, counter);
    step('webhook events: latency at 50 notifications/s with 100 subscriptions (one receiver slow)');
    const eventLatency = await measureEventLatency(stack, { calls: 100, perSecond: 50, seconds: 20, slowMs: 5_000 });
    step('webhook events: delivery cost with 10 and 10,000 subscriptions');
    const deliveryCost = await measureDeliveryCost(stack, counter, 15);
    step('webhook events: callback latency with a receiver that hangs');
    const hangingReceiver = await measureCallbackWithHangingReceiver(stack, { perSlice: 60, rounds: 9 });
    const events = { eventLatency, deliveryCost, hangingReceiver };
    const roster1000 = roster.find((r) => r.participants === 1000)?.oneChanged;
    const targets = targetRows({ coldStart, callback, roster1000, invite, realisticCall, sweepCost, events });
    const results = {
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() },
      targets,
      sweepCost,
      realisticCall,
      events,
      coldStart,
      callback,
      roster,
      invite,
      roundTrips: {
        invite: invite.roundTrips,
        operationNotification: operation,
        roster1000OneChanged: roster1000 ? { reads: roster1000.reads, writes: roster1000.writes } : null,
      },
      packageSize: packageSize(),
    };
    writeFileSync(join(repo, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(`\nMachine: ${results.machine.cpus} x ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}\n`);
    console.log('Cold start (median of 25 fresh processes, spawn to exit / to first answer)');
    console.table({ 'node -e 0': coldStart.nodeE0Ms, 'built artifact (dist/main.js)': coldStart.builtArtifactMs, 'same, Application Insights configured': coldStart.builtWithTelemetryMs, 'plain tsc output': coldStart.tscOutputMs, 'first callback answered': coldStart.firstCallbackAnsweredMs, 'same, Application Insights configured ': coldStart.firstCallbackAnsweredWithTelemetryMs, 'incoming call answered (Graph got the answer)': coldStart.incomingCallAnsweredMs });
    console.log('Callback throughput (signed roster notifications; Azurite baseline = same Table operations)');
    console.table(callback.app.map((r, i) => {
      const base = callback.azuriteSameOperations[i];
      return {
        concurrency: r.concurrency,
        'app req/s': r.perSecond,
        'app p50/p99 ms': `${r.p50Ms}/${r.p99Ms}`,
        'app CPU ms/req host+azurite+graph': `${r.cpuMsPerRequest.host}+${r.cpuMsPerRequest.azurite}+${r.cpuMsPerRequest.client}`,
        'azurite ops/s': base?.perSecond,
        'azurite p50/p99 ms': `${base?.p50Ms}/${base?.p99Ms}`,
        'azurite CPU ms/op client+azurite': `${base?.cpuMsPerRequest.client}+${base?.cpuMsPerRequest.azurite}`,
        'app/azurite (median of rounds)': callback.appVsAzurite[i]?.median,
      };
    }));
    console.log('The hop alone (a function that only parses the body, same host and Graph), and the most app/azurite could be');
    console.table(callback.httpFloor.map((r, i) => ({
      concurrency: r.concurrency,
      'floor req/s': r.perSecond,
      'floor CPU ms/req host+graph': `${r.cpuMsPerRequest.host}+${r.cpuMsPerRequest.client}`,
      'ceiling = azurite CPU / (azurite + floor CPU)': callback.appVsAzurite[i]?.ceiling,
    })));
    console.log('Full roster notifications (storage round trips and time)');
    console.table(roster.map((r) => ({ participants: r.participants, 'body KiB': r.bodyKiB, 'RSS growth MiB (app, simulator, Azurite client in one process)': r.peakMemoryMiB, '1 changed: reads/writes/rows': `${r.oneChanged.reads}/${r.oneChanged.writes}/${r.oneChanged.rowsWritten}`, '1 changed ms': r.oneChanged.ms, 'all changed: reads/writes/rows': `${r.allChanged.reads}/${r.allChanged.writes}/${r.allChanged.rowsWritten}`, 'all changed ms': r.allChanged.ms })));
    console.log('Invites');
    console.table({ 'added p50 ms': invite.addedP50Ms, 'added p99 ms': invite.addedP99Ms, 'token requests / 1,000 invites': invite.graphTokenRequestsPer1000 });
    console.log('Round trips per operation', JSON.stringify(results.roundTrips));
    console.log('Sweep cost per run of the three sweeps (median ms; requests and entities read are per run)');
    console.table(sweepCost.flatMap((r) => [r.small, r.large].map((x) => ({ design: r.design, ...x, 'large/small': r.ratio }))));
    console.log('A realistic call: storage transactions per notification');
    console.table({ 'one instance': realisticCall.oneInstance, 'two instances, round robin': realisticCall.twoInstancesRoundRobin });
    console.log('Invitation sweep', JSON.stringify(realisticCall.invitationSweep));
    console.log('Webhook events', JSON.stringify(events, null, 1));
    console.log('Package', JSON.stringify(results.packageSize));
    console.log('\nTargets (result beside target)');
    console.table(targets);
  } finally {
    await stack.close();
    azurite.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
