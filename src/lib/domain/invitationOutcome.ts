import type { Invitation, Invitee, OutcomeReason } from './invitation';
import { isTerminal } from './invitation';
import type { ResultInfo } from './resultInfo';

/** Invitees never seen in the call fail with their invitation, or when the others answered in time. */
export function failUnseen(invitees: readonly Invitee[]): Invitee[] {
  return invitees.map((i) => (i.state === 'invited' || i.state === 'inLobby' ? { ...i, state: 'failed' } : i));
}

/** An invitation's terminal outcome: status, reason, Graph's resultInfo if any, and the time. */
export function finish(
  inv: Invitation,
  status: 'completed' | 'failed',
  reason: OutcomeReason,
  at: string,
  resultInfo: ResultInfo | undefined,
): Invitation {
  const invitees = status === 'failed' ? failUnseen(inv.invitees) : inv.invitees;
  return {
    ...inv,
    status,
    outcomeReason: reason,
    resultInfo: resultInfo ?? inv.resultInfo,
    invitees,
    completedAt: at,
    updatedAt: at,
  };
}

/**
 * A cancelled invitation: reason `cancelled`; invitees still ringing or waiting fail. It is
 * `completed` if someone it invited had joined by then (they stay in the call), else `failed`.
 */
export function markCancelled(inv: Invitation, now: Date): Invitation {
  if (isTerminal(inv.status)) return inv;
  const at = now.toISOString();
  const someoneJoined = inv.invitees.some((i) => i.state === 'joined' || i.state === 'left');
  const done = finish(inv, someoneJoined ? 'completed' : 'failed', 'cancelled', at, undefined);
  return { ...done, invitees: failUnseen(done.invitees), cancelRequestedAt: inv.cancelRequestedAt ?? at };
}
