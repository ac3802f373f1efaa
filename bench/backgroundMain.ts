/*
 * `npm run bench` (second part): the background work under load, with the timers on their real
 * schedules, against Azurite in its own process. Adds its rows to bench/results.json (the part
 * `background` and its target rows). BENCH_BACKGROUND=short runs a few minutes for iterating;
 * the full run (the figures) takes about 20 minutes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../dev/localStack';
import { RequestCounter } from '../dev/requestCounter';
import { createLocalTls } from '../dev/tls';
import { measureBackground, type BackgroundPlan } from './backgroundWork';
import { backgroundTargetRows } from './backgroundTargets';
import type { TargetRow } from './targets';

const dist = join(__dirname, '..');
const repo = join(dist, '..');

const plans: Record<string, BackgroundPlan> = {
  full: { rate: 20, sustainedSeconds: 600, burst: 1000, idleSeconds: 300, calls: 600 },
  short: { rate: 20, sustainedSeconds: 60, burst: 300, idleSeconds: 180, calls: 120 },
};

async function main(): Promise<void> {
  const mode = process.env.BENCH_BACKGROUND === 'short' ? 'short' : 'full';
  const plan = plans[mode] ?? plans.full;
  if (!plan) throw new Error('no plan');
  const tls = await createLocalTls();
  const child = spawn(process.execPath, [join(dist, 'bench', 'azuriteProcess.js'), tls.certFile, tls.keyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { endpoint: string }).endpoint));
    child.once('exit', (code) => reject(new Error(`azurite exited with ${code}`)));
  });
  process.on('exit', () => child.kill());
  const counter = new RequestCounter(() => endpoint);
  const stack = await startLocalStack({
    external: { tls, azuriteEndpoint: endpoint },
    wrapHttpClient: (inner) => counter.wrap(inner),
    loadApp: async () => require(join(dist, 'main.js')),
    log: (level, ...args) => {
      if (level === 'error' || level === 'warning') console.error(`[${level}]`, ...args);
    },
    // The minute timer's real loop, as deployed (the tests' stacks make a run one pass).
    extraSettings: { SWEEP_RUN_SECONDS: '40' },
  });
  try {
    const loadBefore = loadavg()[0] ?? 0;
    console.error(`... background work (${mode}), load average ${loadBefore.toFixed(2)} on ${cpus().length} cores`);
    const measured = await measureBackground(stack, counter, plan, (line) => console.error(`... ${line}`));
    const background = { mode, loadAverage: { before: round2(loadBefore), after: round2(loadavg()[0] ?? 0) }, date: new Date().toISOString(), ...measured };
    const file = join(repo, 'bench', 'results.json');
    const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { targets?: TargetRow[] } & Record<string, unknown>) : {};
    const rows = backgroundTargetRows(background);
    const names = new Set(rows.map((r) => r.measure));
    results.targets = [...(results.targets ?? []).filter((r) => !names.has(r.measure)), ...rows];
    results.background = background;
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    console.log('\nBackground work (timers on their real schedules)');
    console.table(rows);
  } finally {
    await stack.close();
    child.kill();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
