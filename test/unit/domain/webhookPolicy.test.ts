import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/lib/domain/caller';
import { isLive, wants, type Subscription } from '../../../src/lib/domain/subscription';
import { afterFailure, recordFailure, recordSuccess, type RetryPolicy } from '../../../src/lib/domain/webhookPolicy';
import { at, iso } from './fixtures';

const me: Caller = { kind: 'application', id: 'me', tenantId: 't', appId: 'me' };
const sub = (over: Partial<Subscription> = {}): Subscription => ({
  id: 's', notificationUrl: 'https://x/', events: ['invitation.finished', 'participant.joined'], callId: undefined, scope: 'all', owner: me,
  status: 'active', createdAt: iso(10), expiresAt: iso(1000), consecutiveFailures: 0, failingSince: undefined, pausedAt: undefined, ...over,
});
const event = (over: Partial<Parameters<typeof wants>[1]> = {}): Parameters<typeof wants>[1] => ({ type: 'invitation.finished', callId: 'c1', occurredAt: iso(20), invitedBy: me, ...over });

describe('wants: which events go to a subscription', () => {
  it('its event types, its call (or every call), nothing from before it existed', () => {
    expect(wants(sub(), event())).toBe(true);
    expect(wants(sub(), event({ type: 'call.ended' }))).toBe(false);
    expect(wants(sub({ callId: 'c1' }), event())).toBe(true);
    expect(wants(sub({ callId: 'c2' }), event())).toBe(false);
    expect(wants(sub(), event({ occurredAt: iso(10) }))).toBe(true);
    expect(wants(sub(), event({ occurredAt: iso(9) }))).toBe(false);
  });

  it('scope own: only its own invitations finishing', () => {
    const own = sub({ scope: 'own' });
    expect(wants(own, event())).toBe(true);
    expect(wants(own, event({ invitedBy: { ...me, id: 'other' } }))).toBe(false);
    expect(wants(own, event({ invitedBy: undefined }))).toBe(false);
    expect(wants(own, event({ type: 'participant.joined', invitedBy: me }))).toBe(false);
    expect(wants(sub(), event({ invitedBy: undefined }))).toBe(true);
  });

  it('isLive: active and not expired', () => {
    expect(isLive(sub(), at(999))).toBe(true);
    expect(isLive(sub(), at(1000))).toBe(false);
    expect(isLive(sub({ status: 'paused' }), at(20))).toBe(false);
  });
});

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 60_000 };

describe('afterFailure: back-off, then dead', () => {
  it('doubles from the base up to the cap, plus up to a quarter of jitter', () => {
    const due = (attempts: number, jitter = 0) => afterFailure({ attempts, firstAttemptAt: iso(0) }, at(10), policy, jitter);
    expect(due(1)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 1000).toISOString() });
    expect(due(2)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 2000).toISOString() });
    expect(due(3)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 4000).toISOString() });
    expect(due(5)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 8000).toISOString() });
    expect(due(50)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 8000).toISOString() });
    expect(due(0)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 1000).toISOString() });
    expect(due(1, 0.8)).toEqual({ kind: 'retry', dueAt: new Date(at(10).getTime() + 1200).toISOString() });
  });

  it('is dead once the window since the first attempt is over; a first attempt is never dead', () => {
    expect(afterFailure({ attempts: 9, firstAttemptAt: iso(0) }, at(59.999), policy, 0).kind).toBe('retry');
    expect(afterFailure({ attempts: 9, firstAttemptAt: iso(0) }, at(60), policy, 0)).toEqual({ kind: 'dead' });
    expect(afterFailure({ attempts: 1, firstAttemptAt: undefined }, at(500), policy, 0).kind).toBe('retry');
    // Without a first attempt, this one is the first: with no window at all it is the last too.
    expect(afterFailure({ attempts: 1, firstAttemptAt: undefined }, at(500), { ...policy, windowMs: 0 }, 0)).toEqual({ kind: 'dead' });
  });
});

describe('recordFailure and recordSuccess: a subscriber that keeps failing is paused', () => {
  it('counts failures from the first of a streak', () => {
    const once = recordFailure(sub(), at(30), false, policy);
    expect(once).toMatchObject({ consecutiveFailures: 1, failingSince: iso(30), status: 'active' });
    expect(recordFailure(once, at(40), false, policy)).toMatchObject({ consecutiveFailures: 2, failingSince: iso(30) });
  });

  it('pauses when a delivery dies and nothing was accepted for the whole window', () => {
    const failing = sub({ consecutiveFailures: 5, failingSince: iso(30) });
    expect(recordFailure(failing, at(90), true, policy)).toMatchObject({ status: 'paused', pausedAt: iso(90), consecutiveFailures: 6 });
    expect(recordFailure(failing, at(89.999), true, policy)).toMatchObject({ status: 'active', pausedAt: undefined });
    expect(recordFailure(failing, at(200), false, policy).status).toBe('active');
    // A new streak: one poison delivery among accepted ones pauses nothing.
    expect(recordFailure(sub(), at(90), true, policy).status).toBe('active');
    const paused = sub({ status: 'paused', pausedAt: iso(50), failingSince: iso(0) });
    expect(recordFailure(paused, at(200), true, policy).pausedAt).toBe(iso(50));
  });

  it('a success ends the streak; nothing to end is no change', () => {
    const failing = sub({ consecutiveFailures: 3, failingSince: iso(30) });
    expect(recordSuccess(failing)).toMatchObject({ consecutiveFailures: 0, failingSince: undefined });
    const fine = sub();
    expect(recordSuccess(fine)).toBe(fine);
    expect(recordSuccess(sub({ failingSince: iso(1) }))).toMatchObject({ failingSince: undefined });
    expect(recordSuccess(sub({ consecutiveFailures: 2 }))).toMatchObject({ consecutiveFailures: 0 });
  });
});
