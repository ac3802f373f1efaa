import type { Subscription } from './subscription';

/** How deliveries are retried (WEBHOOK_* settings). */
export interface RetryPolicy {
  /** The first retry waits this long; each next one twice as long... */
  readonly baseDelayMs: number;
  /** ...up to this. */
  readonly maxDelayMs: number;
  /** After this long since its first attempt a delivery is dead-lettered. */
  readonly windowMs: number;
}

/** One delivery's attempts so far. */
export interface DeliveryAttempts {
  readonly attempts: number;
  readonly firstAttemptAt: string | undefined;
}

export type AfterFailure = { readonly kind: 'retry'; readonly dueAt: string } | { readonly kind: 'dead' };

/**
 * After a failed attempt (`attempts` counts it): dead once its window since the first attempt is
 * over (that attempt was the last), else exponential back-off, `jitter` in [0, 1) spreading
 * retries of many deliveries apart (up to a quarter of the delay).
 */
export function afterFailure(delivery: DeliveryAttempts, now: Date, policy: RetryPolicy, jitter: number): AfterFailure {
  const first = delivery.firstAttemptAt === undefined ? now.getTime() : Date.parse(delivery.firstAttemptAt);
  if (now.getTime() - first >= policy.windowMs) return { kind: 'dead' };
  const exponent = Math.min(Math.max(delivery.attempts - 1, 0), 30);
  const delay = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs) * (1 + jitter / 4);
  return { kind: 'retry', dueAt: new Date(now.getTime() + delay).toISOString() };
}

/** The receiver accepted a delivery: its failure streak ends. */
export function recordSuccess(sub: Subscription): Subscription {
  return sub.consecutiveFailures === 0 && sub.failingSince === undefined ? sub : { ...sub, consecutiveFailures: 0, failingSince: undefined };
}

/**
 * The receiver failed an attempt. When that attempt's delivery is dead (`dead`) and the receiver
 * has accepted nothing for the whole retry window, the subscription is paused: a subscriber that
 * keeps failing is not retried for ever. One poison event among accepted ones pauses nothing.
 */
export function recordFailure(sub: Subscription, now: Date, dead: boolean, policy: RetryPolicy): Subscription {
  const failingSince = sub.failingSince ?? now.toISOString();
  const next = { ...sub, consecutiveFailures: sub.consecutiveFailures + 1, failingSince };
  const failingLongEnough = now.getTime() - Date.parse(failingSince) >= policy.windowMs;
  return dead && failingLongEnough && sub.status === 'active' ? { ...next, status: 'paused', pausedAt: now.toISOString() } : next;
}
