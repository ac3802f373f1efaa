import { isTerminal, type Invitation, type Invitee, type OutcomeReason } from './invitation';
import type { OperationStatus } from './notification';
import type { ResultInfo } from './resultInfo';

/*
 * Pure transitions of an invitation. Each returns the very same object when nothing changes, so
 * callers skip the write, and a repeated delivery is a no-op. Status only moves forward:
 * pending -> running -> completed | failed, and a terminal outcome is never replaced.
 */

function finish(
  inv: Invitation,
  status: 'completed' | 'failed',
  reason: OutcomeReason,
  at: string,
  resultInfo: ResultInfo | undefined,
): Invitation {
  const invitees = inv.invitees.map((i): Invitee => {
    if (status === 'failed' && i.state === 'invited') return { ...i, state: 'failed' };
    if (status === 'completed' && reason === 'operationCompleted' && i.state === 'invited') {
      return { ...i, state: 'joined', joinedAt: at };
    }
    return i;
  });
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

/** Graph accepted the invite request and returned its operation. */
export function markAccepted(inv: Invitation, operationId: string | undefined, graphRequestId: string | undefined, now: Date): Invitation {
  const next: Invitation = {
    ...inv,
    status: inv.status === 'pending' ? 'running' : inv.status,
    operationId: inv.operationId ?? operationId,
    graphRequestId: inv.graphRequestId ?? graphRequestId,
  };
  return sameState(inv, next) ? inv : { ...next, updatedAt: now.toISOString() };
}

/** Graph refused the request outright (4xx); no invitation reached the call. */
export function markRejected(inv: Invitation, resultInfo: ResultInfo, graphRequestId: string | undefined, now: Date): Invitation {
  if (isTerminal(inv.status)) return inv;
  return { ...finish(inv, 'failed', 'graphRejected', now.toISOString(), resultInfo), graphRequestId };
}

/** An operation notification for this invitation. */
export function applyOperation(
  inv: Invitation,
  op: { readonly operationId: string; readonly status: OperationStatus; readonly resultInfo: ResultInfo | undefined },
  now: Date,
): Invitation {
  const withId: Invitation = inv.operationId ? inv : { ...inv, operationId: op.operationId };
  if (inv.status === 'completed' && inv.outcomeReason === 'joined' && op.status === 'completed') {
    // Same outcome, now in Graph's words: delivery order must not decide which reason is stored.
    return { ...withId, outcomeReason: 'operationCompleted', resultInfo: op.resultInfo ?? inv.resultInfo, updatedAt: now.toISOString() };
  }
  if (isTerminal(inv.status)) return withId === inv ? inv : { ...withId, updatedAt: now.toISOString() };
  const at = now.toISOString();
  switch (op.status) {
    case 'completed':
      return finish(withId, 'completed', 'operationCompleted', at, op.resultInfo);
    case 'failed':
      return finish(withId, 'failed', 'operationFailed', at, op.resultInfo);
    case 'running':
    case 'notStarted': {
      const next: Invitation = { ...withId, status: 'running' };
      return sameState(inv, next) ? inv : { ...next, updatedAt: at };
    }
  }
}

/** The roster shows (or no longer shows) a participant with an invitee's identity. */
export function applyPresence(
  inv: Invitation,
  identityKey: string,
  participantId: string,
  present: boolean,
  now: Date,
): Invitation {
  const at = now.toISOString();
  let changed = false;
  const invitees = inv.invitees.map((i): Invitee => {
    if (i.key !== identityKey) return i;
    if (present && i.state !== 'joined') {
      changed = true;
      return { ...i, state: 'joined', participantId, joinedAt: at, leftAt: undefined };
    }
    if (present && i.participantId !== participantId) {
      changed = true;
      return { ...i, participantId };
    }
    if (!present && i.state === 'joined' && (i.participantId === undefined || i.participantId === participantId)) {
      changed = true;
      return { ...i, state: 'left', leftAt: at };
    }
    return i;
  });
  if (!changed) return inv;
  const next: Invitation = { ...inv, invitees, updatedAt: at };
  // The outcome is known once every invitee has shown up; until then Graph's operation decides.
  const allSeen = invitees.every((i) => i.state === 'joined' || i.state === 'left');
  return allSeen && !isTerminal(inv.status) ? finish(next, 'completed', 'joined', at, undefined) : next;
}

/** Closes an open invitation that the deadline or the end of the call overtook. */
export function finalize(inv: Invitation, reason: 'timeout' | 'callEnded', now: Date): Invitation {
  if (isTerminal(inv.status)) return inv;
  const at = now.toISOString();
  const someoneJoined = inv.invitees.some((i) => i.state === 'joined' || i.state === 'left');
  if (!someoneJoined) return finish(inv, 'failed', reason, at, undefined);
  const completed = finish(inv, 'completed', 'joined', at, undefined);
  return { ...completed, invitees: completed.invitees.map((i) => (i.state === 'invited' ? { ...i, state: 'failed' } : i)) };
}

function sameState(a: Invitation, b: Invitation): boolean {
  return a.status === b.status && a.operationId === b.operationId && a.graphRequestId === b.graphRequestId;
}
