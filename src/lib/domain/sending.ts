/** The parts of an invitation (invitation.ts) that sending reads and writes. */
interface Sendable {
  readonly status: string;
  readonly deadline: string;
  readonly updatedAt: string;
  readonly sending?: Sending | undefined;
}

/*
 * Whether Graph may have an invite. A 202 is only ever answered for an invitation that was sent
 * (or may have been: Graph's answer was lost), never for one that will not be.
 *
 * - unsent: nothing reached Graph (just recorded, or the last attempt was certainly not sent:
 *   429/503 after the retries, no token, no connection). Any identical request may claim and send it.
 * - sending: one attempt owns the row until leaseUntil; identical requests wait for it.
 * - sent: Graph answered, or may have received it. Also a lease that ran out without a recorded
 *   result (the process died during the Graph call: ambiguous, so never sent twice), and rows
 *   without `sending` (written before this existed, or settled).
 */
export interface Sending {
  readonly state: 'unsent' | 'sending';
  /** Graph attempts claimed for this row; 0 means no request ever tried (a crash right after recording). */
  readonly attempts: number;
  readonly leaseUntil: string | undefined;
  /** The participants as Graph gets them (JSON), so a replay or the sweep can send the invite. */
  readonly participants: string;
}

export type SendPhase = 'unsent' | 'sending' | 'sent';

export function unsent(participantsJson: string): Sending {
  return { state: 'unsent', attempts: 0, leaseUntil: undefined, participants: participantsJson };
}

/** Not sent and not being sent: hidden from status and roster until a request sends it. */
export function isUnsent(inv: Sendable): boolean {
  return inv.status === 'pending' && inv.sending?.state === 'unsent';
}

export function sendPhase(inv: Sendable, now: Date): SendPhase {
  const s = inv.sending;
  if (inv.status !== 'pending' || !s) return 'sent';
  if (s.state === 'unsent') return 'unsent';
  // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN, never later; the guard is for the type checker
  return s.leaseUntil !== undefined && Date.parse(s.leaseUntil) > now.getTime() ? 'sending' : 'sent';
}

/** This attempt owns the row until the lease ends; Graph's ring (and so the deadline) starts now. */
export function claim<T extends Sendable>(inv: T, now: Date, leaseMs: number, timeoutSeconds: number): T {
  const s = inv.sending;
  if (!s || s.state !== 'unsent') return inv;
  return {
    ...inv,
    sending: { ...s, state: 'sending', attempts: s.attempts + 1, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() },
    deadline: new Date(now.getTime() + timeoutSeconds * 1000).toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** The attempt certainly did not reach Graph: the next identical request may send it. */
export function release<T extends Sendable>(inv: T, now: Date): T {
  const s = inv.sending;
  if (!s || inv.status !== 'pending') return settle(inv, now);
  return { ...inv, sending: { ...s, state: 'unsent', leaseUntil: undefined }, updatedAt: now.toISOString() };
}

/** Graph has it, or may have it: never sent again. */
export function settle<T extends Sendable>(inv: T, now: Date): T {
  return inv.sending ? { ...inv, sending: undefined, updatedAt: now.toISOString() } : inv;
}
