import type { Registration } from './functionsCore';

/**
 * The host's timer schedules (NCRONTAB with seconds: "sec min hour day month weekday"), for the
 * forms the app registers: `*`, `*\/n`, a number, or a list of numbers. Anything else throws, so a
 * schedule the local host cannot run is noticed rather than never fired.
 */
function fieldMatches(field: string, value: number): boolean {
  return field.split(',').some((part) => {
    if (part === '*') return true;
    const step = /^\*\/(\d+)$/.exec(part);
    if (step) return value % Number(step[1]) === 0;
    if (/^\d+$/.test(part)) return Number(part) === value;
    throw new Error(`unsupported schedule field ${part}`);
  });
}

export function scheduleMatches(schedule: string, at: Date): boolean {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`not a six-field schedule: ${schedule}`);
  const values = [at.getUTCSeconds(), at.getUTCMinutes(), at.getUTCHours(), at.getUTCDate(), at.getUTCMonth() + 1, at.getUTCDay()];
  return fields.every((field, i) => fieldMatches(field, values[i] ?? 0));
}

export interface TimerStats {
  /** Runs started and ticks skipped (the previous run still busy), by function. */
  readonly runs: Map<string, number>;
  readonly skipped: Map<string, number>;
  /** How long each run took (ms), by function. */
  readonly durations: Map<string, number[]>;
  stop(): Promise<void>;
}

/**
 * Fires each timer registration at the seconds its schedule names, as the Functions host does: a
 * tick that finds the function's previous run still busy is skipped (the host's timer is a
 * singleton and never overlaps itself), and counted here.
 */
export function runSchedules(timers: readonly Registration[], run: (name: string) => Promise<void>, onError: (name: string, error: unknown) => void): TimerStats {
  const runs = new Map<string, number>();
  const skipped = new Map<string, number>();
  const durations = new Map<string, number[]>();
  const busy = new Map<string, Promise<void>>();
  let stopped = false;
  let handle: NodeJS.Timeout | undefined;
  let lastSecond = 0;
  const tick = () => {
    const at = new Date(Math.round(Date.now() / 1000) * 1000);
    // A timer can fire a moment before the second it was set for (the loop's clock and Date.now
    // differ by a millisecond): that second is then seen twice, and is one occurrence, not two.
    if (at.getTime() <= lastSecond) return schedule();
    lastSecond = at.getTime();
    for (const timer of timers) {
      const schedule = Object.values(timer.bindings).find((b) => b.type === 'timerTrigger')?.schedule;
      if (typeof schedule !== 'string' || !scheduleMatches(schedule, at)) continue;
      if (busy.has(timer.name)) {
        skipped.set(timer.name, (skipped.get(timer.name) ?? 0) + 1);
        continue;
      }
      runs.set(timer.name, (runs.get(timer.name) ?? 0) + 1);
      const started = Date.now();
      const running = run(timer.name)
        .catch((error: unknown) => onError(timer.name, error))
        .finally(() => {
          busy.delete(timer.name);
          durations.set(timer.name, [...(durations.get(timer.name) ?? []), Date.now() - started]);
        });
      busy.set(timer.name, running);
    }
    schedule();
  };
  const schedule = () => {
    if (!stopped) handle = setTimeout(tick, 1000 - (Date.now() % 1000));
  };
  schedule();
  return {
    runs,
    skipped,
    durations,
    async stop() {
      stopped = true;
      clearTimeout(handle);
      await Promise.all(busy.values());
    },
  };
}
