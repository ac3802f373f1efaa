import { describe, expect, it } from 'vitest';
import { claim, isUnsent, release, sendPhase, settle, unsent, type Sending } from '../../../src/lib/domain/sending';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

interface Row {
  readonly status: string;
  readonly deadline: string;
  readonly updatedAt: string;
  readonly sending?: Sending | undefined;
}

const recorded = (status = 'pending'): Row => ({
  status,
  deadline: at(120_000).toISOString(),
  updatedAt: t0.toISOString(),
  sending: unsent('[{"identity":{}}]'),
});

describe('sending: whether Graph may have an invite', () => {
  it('a recorded invitation is unsent, with no attempt and the participants kept for a later send', () => {
    const row = recorded();
    expect(row.sending).toEqual({ state: 'unsent', attempts: 0, leaseUntil: undefined, participants: '[{"identity":{}}]' });
    expect(isUnsent(row)).toBe(true);
    expect(sendPhase(row, t0)).toBe('unsent');
  });

  it('only a pending row without a settled send is unsent', () => {
    expect(isUnsent(recorded('running'))).toBe(false);
    expect(isUnsent({ ...recorded(), sending: undefined })).toBe(false);
    expect(sendPhase(recorded('running'), t0)).toBe('sent');
    expect(sendPhase({ ...recorded(), sending: undefined }, t0)).toBe('sent');
  });

  it('a claim owns the row until its lease ends, counts the attempt and restarts the deadline', () => {
    const claimed = claim(recorded(), at(5_000), 30_000, 60);
    expect(claimed.sending).toMatchObject({ state: 'sending', attempts: 1, leaseUntil: at(35_000).toISOString() });
    expect(claimed.deadline).toBe(at(65_000).toISOString());
    expect(claimed.updatedAt).toBe(at(5_000).toISOString());
    expect(isUnsent(claimed)).toBe(false);
    expect(sendPhase(claimed, at(34_999))).toBe('sending');
    // A lease that ran out without a result: the process may have reached Graph, never send twice.
    expect(sendPhase(claimed, at(35_000))).toBe('sent');
    expect(sendPhase({ ...claimed, sending: { ...claimed.sending!, leaseUntil: undefined } }, t0)).toBe('sent');
  });

  it('only an unsent row can be claimed', () => {
    const claimed = claim(recorded(), t0, 1_000, 60);
    expect(claim(claimed, at(1), 1_000, 60)).toBe(claimed);
    const settled = settle(claimed, at(2));
    expect(claim(settled, at(3), 1_000, 60)).toBe(settled);
  });

  it('a release after a certain non-send makes it claimable again and keeps the attempt count', () => {
    const released = release(claim(recorded(), t0, 1_000, 60), at(500));
    expect(released.sending).toMatchObject({ state: 'unsent', attempts: 1, leaseUntil: undefined });
    expect(released.updatedAt).toBe(at(500).toISOString());
    expect(claim(released, at(600), 1_000, 60).sending).toMatchObject({ state: 'sending', attempts: 2 });
  });

  it('a release of a row no longer pending settles it instead', () => {
    const running = { ...claim(recorded(), t0, 1_000, 60), status: 'running' };
    const released = release(running, at(500));
    expect(released.sending).toBeUndefined();
    expect(released.updatedAt).toBe(at(500).toISOString());
  });

  it('settling drops the send state once, and is a no-op after', () => {
    const settled = settle(recorded(), at(7));
    expect(settled.sending).toBeUndefined();
    expect(settled.updatedAt).toBe(at(7).toISOString());
    expect(settle(settled, at(8))).toBe(settled);
    expect(release(settled, at(9))).toBe(settled);
  });
});
