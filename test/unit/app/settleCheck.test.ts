import { describe, expect, it } from 'vitest';
import { settleCheck, settleDelayMs } from '../../../src/lib/app/settleService';

describe('the settle check of a call', () => {
  it('is due 10 to 20 s after the departure, one row per call and 10-second window', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    const first = settleCheck('c', at(1_000));
    expect(first.due.getTime() - at(1_000).getTime()).toBeGreaterThanOrEqual(settleDelayMs);
    expect(first.due.getTime() - at(1_000).getTime()).toBeLessThanOrEqual(2 * settleDelayMs);
    expect(settleCheck('c', at(9_999)).rowKey).toBe(first.rowKey);
    expect(settleCheck('c', at(10_001)).rowKey).not.toBe(first.rowKey);
    expect(settleCheck('d', at(1_000)).rowKey).not.toBe(first.rowKey);
    expect(settleCheck('c', at(1_000), 1).rowKey).not.toBe(first.rowKey);
    expect(first).toMatchObject({ kind: 'dep', callId: 'c', subject: 'departures:0' });
  });
});
