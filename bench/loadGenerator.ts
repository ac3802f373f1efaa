/*
 * The benchmark's Graph: a separate process that POSTs signed roster notifications to the app's
 * callback, so the app's process does only the app's work. Reads its plan as JSON on stdin and
 * prints { latencies, wallMs, cpuMs (while sending), calls }.
 */
import { Agent, request } from 'node:http';
import { SimulatedCall } from '../dev/simulator/simulatedCall';

export interface LoadPlan {
  readonly token: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly calls: ReturnType<SimulatedCall['snapshot']>[];
  /** Where to send instead of each call's callback URL. */
  readonly url?: string;
}

interface Notification {
  readonly url: string;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** A plain keep-alive POST: lighter than fetch, so the generator takes less of the shared CPU. */
function post(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Each worker's notifications, built before the clock starts (as a load tool sends prepared
 * requests), so the generator spends the shared cores on sending only. Each worker owns its
 * calls, as Graph sends one call's notifications in order; a mute or unmute each time.
 */
function prepare(calls: readonly SimulatedCall[], { requests, concurrency, url }: LoadPlan): Notification[][] {
  const perWorker = Math.ceil(calls.length / concurrency);
  return Array.from({ length: concurrency }, (_, worker) => {
    const count = Math.floor(requests / concurrency) + (worker < requests % concurrency ? 1 : 0);
    return Array.from({ length: count }, (_, k) => {
      const call = calls[(worker + concurrency * (k % perWorker)) % calls.length] as SimulatedCall;
      const person = [...call.participants.values()].find((p) => p.present && p.identity.user);
      if (!person) throw new Error('no participant');
      call.mute(person.id, !person.isMuted);
      return { url: url ?? call.callbackUrl, body: JSON.stringify({ value: [call.roster({ legacy: false })] }) };
    });
  });
}

async function run(plan: LoadPlan): Promise<void> {
  const calls = plan.calls.map((c) => SimulatedCall.fromSnapshot(c));
  const queues = prepare(calls, plan);
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    queues.map(async (queue) => {
      for (const { url, body } of queue) {
        const t = performance.now();
        const status = await post(url, plan.token, body);
        if (status !== 202) throw new Error(`callback answered ${status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(JSON.stringify({ latencies, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, calls: calls.map((c) => c.snapshot()) }));
}

let input = '';
process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString()));
process.stdin.on('end', () => {
  run(JSON.parse(input) as LoadPlan).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
