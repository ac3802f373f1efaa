import { readFileSync } from 'node:fs';
import { percentile, round } from './stats';

/** One side of the callback benchmark at one concurrency, over all its slices. */
export interface Row {
  readonly concurrency: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU per request, by process: where the time of the 2 shared cores goes. */
  readonly cpuMsPerRequest: { readonly host: number; readonly azurite: number; readonly client: number };
}

/** One timed slice: its requests' latencies, wall time and CPU by process. */
export interface Slice {
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

export const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export const perSecond = (slice: Pick<Slice, 'latencies' | 'wallMs'>) => (slice.latencies.length / slice.wallMs) * 1000;
export const cpuPerRequest = (slice: Slice) => (slice.cpu.host + slice.cpu.azurite + slice.cpu.client) / slice.latencies.length;

/** Slices of one kind pooled into a row: throughput over their total wall time, pooled latencies. */
export function summarize(concurrency: number, slices: readonly Slice[]): Row {
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
