/*
 * The benchmark's Graph: a separate process that POSTs signed roster notifications to the app's
 * callback, so the app's process does only the app's work. Reads its plan as JSON on stdin and
 * prints { latencies, wallMs }.
 */
import { Agent, request } from 'node:http';
import { SimulatedCall } from '../dev/simulator/simulatedCall';
import { runConcurrently } from './stats';

export interface LoadPlan {
  readonly token: string;
  readonly requests: number;
  readonly concurrency: number;
  readonly calls: ReturnType<SimulatedCall['snapshot']>[];
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

async function run(plan: LoadPlan): Promise<void> {
  const calls = plan.calls.map((c) => SimulatedCall.fromSnapshot(c));
  const { concurrency } = plan;
  const result = await runConcurrently(plan.requests, concurrency, async (index, worker) => {
    // Each worker owns its calls: Graph sends one call's notifications in order.
    const call = calls[(worker + concurrency * (index % Math.ceil(calls.length / concurrency))) % calls.length] as SimulatedCall;
    const person = [...call.participants.values()].find((p) => p.present && p.identity.user);
    if (!person) throw new Error('no participant');
    call.mute(person.id, !person.isMuted);
    const status = await post(call.callbackUrl, plan.token, JSON.stringify({ value: [call.roster({ legacy: false })] }));
    if (status !== 202) throw new Error(`callback answered ${status}`);
  });
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ...result, cpuMs: (cpu.user + cpu.system) / 1000, calls: calls.map((c) => c.snapshot()) }));
}

let input = '';
process.stdin.on('data', (chunk: Buffer) => (input += chunk.toString()));
process.stdin.on('end', () => {
  run(JSON.parse(input) as LoadPlan).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
