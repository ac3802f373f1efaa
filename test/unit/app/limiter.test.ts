import { describe, expect, it, vi } from 'vitest';
import { limiter } from '../../../src/lib/app/limiter';
import { runSchedules, scheduleMatches } from '../../../dev/timerSchedule';

describe('limiter', () => {
  it('never runs more than its bound at once, starts tasks in order, and runs them all (failures included)', async () => {
    const limit = limiter(3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          started.push(i);
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          active--;
          if (i % 7 === 0) throw new Error(`task ${i}`);
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    // A caller arriving as a slot is handed over does not slip past the bound.
    const late = await Promise.all([limit(async () => active), limit(async () => active)]);
    expect(late.every((n) => n <= 3)).toBe(true);
  });
});

describe('the local host reads timer schedules as the Functions host does', () => {
  it('matches the six-field NCRONTAB forms the app registers, and refuses the rest', () => {
    const at = (iso: string) => new Date(iso);
    expect(scheduleMatches('0 * * * * *', at('2026-01-01T10:11:00Z'))).toBe(true);
    expect(scheduleMatches('0 * * * * *', at('2026-01-01T10:11:30Z'))).toBe(false);
    expect(scheduleMatches('*/10 * * * * *', at('2026-01-01T10:11:20Z'))).toBe(true);
    expect(scheduleMatches('*/10 * * * * *', at('2026-01-01T10:11:25Z'))).toBe(false);
    expect(scheduleMatches('0 17 3 * * *', at('2026-01-01T03:17:00Z'))).toBe(true);
    expect(scheduleMatches('0 17 3 * * *', at('2026-01-01T04:17:00Z'))).toBe(false);
    expect(scheduleMatches('0 0,30 * * * *', at('2026-01-01T04:30:00Z'))).toBe(true);
    expect(() => scheduleMatches('0 1-5 * * * *', at('2026-01-01T04:30:00Z'))).toThrow(/unsupported/);
    expect(() => scheduleMatches('* * * * *', at('2026-01-01T04:30:00Z'))).toThrow(/six-field/);
  });

  it('fires a schedule once per occurrence, also when the timer fires a millisecond before its second', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T10:11:59.000Z') });
    try {
      let finish: () => void = () => {};
      const timers = [{ name: 'minute', bindings: { timer: { type: 'timerTrigger', direction: 'in', schedule: '0 * * * * *' } }, handler: () => undefined }];
      const stats = runSchedules(timers, () => new Promise<void>((resolve) => (finish = resolve)), () => {});
      // The loop's clock runs a millisecond ahead of Date.now: the timer set for :00 fires at :59.999.
      vi.setSystemTime(new Date('2026-01-01T10:11:58.999Z'));
      await vi.advanceTimersByTimeAsync(1_000);
      await vi.advanceTimersByTimeAsync(5);
      expect(stats.runs.get('minute')).toBe(1);
      expect(stats.skipped.get('minute')).toBeUndefined();
      finish();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(stats.runs.get('minute')).toBe(2);
      finish();
      await stats.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
