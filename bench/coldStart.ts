import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LocalStack } from '../dev/localStack';
import { SimulatedCall } from '../dev/simulator/simulatedCall';
import { median, round } from './stats';

const dist = join(__dirname, '..');

/** Wall time of a fresh `node` process from spawn to exit. */
function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return wall;
}

/** Spawns a process serving the built app, sends it one signed callback, and times both steps. */
async function firstCallback(stack: LocalStack, entry: string, env: NodeJS.ProcessEnv = {}): Promise<{ registeredMs: number; answeredMs: number; status: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(dist, 'bench', 'coldHost.js'), entry], {
    env: { ...process.env, ...stack.settings, ...env, NODE_EXTRA_CA_CERTS: stack.tls.certFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ready = await new Promise<{ port: number; registeredAt: number }>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { port: number; registeredAt: number }));
      child.once('exit', (code) => reject(new Error(`cold host exited with ${code}`)));
    });
    const sim = stack.simulator.sim;
    const call = new SimulatedCall(`cold-${Date.now()}-${ready.port}`, `http://127.0.0.1:${ready.port}/api/callback`, sim.settings.botAppId);
    const status = await sim.post(call, [call.roster({ legacy: false })]);
    return { registeredMs: ready.registeredAt, answeredMs: performance.now() - started, status };
  } finally {
    child.kill();
  }
}

/**
 * Spawn to Graph's answer request: a fresh process with INCOMING_CALL_POLICY=answer gets the
 * incoming call notification as its first request, and the simulator notes when the answer arrives.
 */
async function coldIncomingCall(stack: LocalStack, entry: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(dist, 'bench', 'coldHost.js'), entry], {
    env: { ...process.env, ...stack.settings, INCOMING_CALL_POLICY: 'answer', NODE_EXTRA_CA_CERTS: stack.tls.certFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`cold host exited with ${code}`)));
    });
    const incoming = stack.simulator.sim.incoming;
    const callId = incoming.ring(`http://127.0.0.1:${port}/api/callback`);
    for (let waited = 0; waited < 15_000; waited += 5) {
      const answer = incoming.answers.find((a) => a.callId === callId);
      if (answer) {
        if (answer.status !== 202) throw new Error(`the answer got ${answer.status}`);
        return answer.at - started;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the incoming call was not answered within 15 s');
  } finally {
    child.kill();
  }
}

export async function measureColdStart(stack: LocalStack, runs: number) {
  const probe = join(dist, 'bench', 'registerProbe.js');
  const built = join(dist, 'main.js');
  const plain = join(dist, 'src', 'index.js');
  const nodeE0: number[] = [];
  const bundle: number[] = [];
  const tsc: number[] = [];
  const withTelemetry: number[] = [];
  // As in Azure, where Application Insights is configured: registration declares the worker's
  // telemetry capability but loads no SDK (that happens on the first invocation).
  const insights = { ...process.env, APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/' };
  // Interleaved, so drift in machine load hits all alike.
  for (let i = 0; i < runs; i++) {
    nodeE0.push(timeProcess(['-e', '0']));
    bundle.push(timeProcess([probe, built]));
    withTelemetry.push(timeProcess([probe, built], insights));
    tsc.push(timeProcess([probe, plain]));
  }
  const callbacks: number[] = [];
  const callbacksWithTelemetry: number[] = [];
  const incomingAnswered: number[] = [];
  const registered: number[] = [];
  const telemetryEnv = { APPLICATIONINSIGHTS_CONNECTION_STRING: insights.APPLICATIONINSIGHTS_CONNECTION_STRING };
  for (let i = 0; i < Math.min(runs, 10); i++) {
    const result = await firstCallback(stack, built);
    if (result.status !== 202) throw new Error(`first callback answered ${result.status}`);
    callbacks.push(result.answeredMs);
    registered.push(result.registeredMs);
    // The same with Application Insights configured: the exporter's SDK loads in the first invocation.
    const traced = await firstCallback(stack, built, telemetryEnv);
    if (traced.status !== 202) throw new Error(`first callback (telemetry) answered ${traced.status}`);
    callbacksWithTelemetry.push(traced.answeredMs);
    incomingAnswered.push(await coldIncomingCall(stack, built));
  }
  return {
    runs,
    nodeE0Ms: round(median(nodeE0)),
    builtArtifactMs: round(median(bundle)),
    tscOutputMs: round(median(tsc)),
    builtVsNodeE0: round(median(bundle) / median(nodeE0), 2),
    builtWithTelemetryMs: round(median(withTelemetry)),
    builtWithTelemetryVsNodeE0: round(median(withTelemetry) / median(nodeE0), 2),
    firstCallbackAnsweredMs: round(median(callbacks)),
    firstCallbackAnsweredWithTelemetryMs: round(median(callbacksWithTelemetry)),
    incomingCallAnsweredMs: round(median(incomingAnswered)),
    hostRegisteredAtMs: round(median(registered)),
  };
}
