import { describe, expect, it } from 'vitest';
import { inParallel } from '../../../src/lib/app/inParallel';

describe('inParallel: bounded work with a stop', () => {
  it('never has more than the limit in flight, and returns every result in start order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return n * 10;
    });
    expect(most).toBe(3);
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });

  it('starts nothing once told to stop, and leaves the rest unstarted', async () => {
    const started: number[] = [];
    const results = await inParallel([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      return n;
    }, () => started.length >= 3);
    expect(started).toEqual([1, 2, 3]);
    expect(results).toEqual([1, 2, 3]);
  });

  it('works an empty list', async () => {
    expect(await inParallel([], 4, async () => 1)).toEqual([]);
  });
});
