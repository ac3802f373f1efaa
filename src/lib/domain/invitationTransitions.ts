import { isTerminal, type Invitation, type Invitee } from './invitation';
import { failUnseen, finish, markCancelled } from './invitationOutcome';
import type { OperationStatus } from './notification';
import type { ResultInfo } from './resultInfo';

/*
 * Pure transitions of an invitation. Each returns the very same object when nothing changes, so
 * callers skip the write, and a repeated delivery is a no-op. Status only moves forward:
 * pending -> running -> completed | failed, and a terminal outcome is never replaced.
 */

/** Graph's participant ids for the invitees, by identity key, kept where an invitee has none yet. */
function withGraphIds(invitees: readonly Invitee[], ids: ReadonlyMap<string, string>): readonly Invitee[] {
  let changed = false;
  const next = invitees.map((i) => {
    const id = ids.get(i.key);
    if (id === undefined || i.graphParticipantId !== undefined) return i;
    changed = true;
    return { ...i, graphParticipantId: id };
  });
  return changed ? next : invitees;
}

/** Graph accepted the invite request and returned its operation (and, perhaps, the invitees' participant ids). */
export function markAccepted(
  inv: Invitation,
  operationId: string | undefined,
  graphRequestId: string | undefined,
  now: Date,
  participantIds: ReadonlyMap<string, string> = new Map(),
): Invitation {
  const invitees = withGraphIds(inv.invitees, participantIds);
  const next: Invitation = {
    ...inv,
    invitees,
    status: inv.status === 'pending' ? 'running' : inv.status,
    operationId: inv.operationId ?? operationId,
    graphRequestId: inv.graphRequestId ?? graphRequestId,
  };
  return sameState(inv, next) && invitees === inv.invitees ? inv : { ...next, updatedAt: now.toISOString() };
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
  if (inv.outcomeReason === 'joined' && op.status === 'completed') {
    // Same outcome, now in Graph's words: delivery order must not decide which reason is stored.
    return { ...withId, outcomeReason: 'operationCompleted', resultInfo: op.resultInfo ?? inv.resultInfo, updatedAt: now.toISOString() };
  }
  if (isTerminal(inv.status)) return withId === inv ? inv : { ...withId, updatedAt: now.toISOString() };
  const at = now.toISOString();
  switch (op.status) {
    case 'completed': {
      const done = finish(withId, 'completed', 'operationCompleted', at, op.resultInfo);
      // A completed operation says someone answered; only with one invitee does it say who.
      const only = done.invitees.length === 1 ? done.invitees[0] : undefined;
      return only?.state === 'invited' ? { ...done, invitees: [{ ...only, state: 'joined', joinedAt: at }] } : done;
    }
    case 'failed':
      // A cancel we asked for ends the operation as failed (docs/graph-in-the-field.md: how Graph ends a cancelled invite).
      if (inv.cancelRequestedAt !== undefined) return { ...markCancelled(withId, now), resultInfo: op.resultInfo ?? inv.resultInfo };
      return finish(withId, 'failed', 'operationFailed', at, op.resultInfo);
    case 'running':
    case 'notStarted': {
      const next: Invitation = { ...withId, status: 'running' };
      return sameState(inv, next) ? inv : { ...next, updatedAt: at };
    }
  }
}

/** One roster entry of an invitee's identity: a user on two devices is two entries. */
export interface Sighting {
  readonly participantId: string;
  /** On the roster and not in the lobby. */
  readonly inCall: boolean;
  readonly inLobby: boolean;
}

/** An invitee's state from every roster entry that carries its identity (empty: none does). */
function inviteeFromRoster(i: Invitee, sightings: readonly Sighting[], at: string): Invitee {
  if (i.state === 'failed') return i;
  const inCall = sightings.filter((s) => s.inCall);
  const current = inCall.find((s) => s.participantId === i.participantId) ?? inCall[0];
  if (current) {
    if (i.state === 'joined' && i.participantId === current.participantId) return i;
    const joinedAt = i.state === 'joined' ? i.joinedAt : at;
    return { ...i, state: 'joined', participantId: current.participantId, joinedAt, leftAt: undefined };
  }
  // Present while any endpoint is in the call: only when none is does the invitee leave. Joined
  // by Graph's word alone (no participant yet), they were never seen, so cannot be seen to go.
  if (i.state === 'joined' && i.participantId !== undefined) return { ...i, state: 'left', leftAt: at };
  if (i.state === 'left') return i;
  // Invited, waiting, or joined by Graph's word alone: the roster knows better. Of these only a
  // waiting invitee has a participant, so the same one means nothing changed.
  const lobby = sightings.find((s) => s.inLobby);
  if (lobby) return i.participantId === lobby.participantId ? i : { ...i, state: 'inLobby', participantId: lobby.participantId };
  return i.state === 'inLobby' ? { ...i, state: 'invited', participantId: undefined } : i;
}

/**
 * The roster's evidence about one identity. A failed invitation never changes (a declined
 * invitee who later joins by link did not join through it); the outcome is known once every
 * invitee has been in the call, until then Graph's operation decides.
 */
export function applyPresence(inv: Invitation, identityKey: string, sightings: readonly Sighting[], now: Date): Invitation {
  if (inv.status === 'failed') return inv;
  const at = now.toISOString();
  let changed = false;
  const invitees = inv.invitees.map((i): Invitee => {
    if (i.key !== identityKey) return i;
    const next = inviteeFromRoster(i, sightings, at);
    changed ||= next !== i;
    return next;
  });
  if (!changed) return inv;
  const next: Invitation = { ...inv, invitees, updatedAt: at };
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
  return { ...completed, invitees: failUnseen(completed.invitees) };
}

function sameState(a: Invitation, b: Invitation): boolean {
  return a.status === b.status && a.operationId === b.operationId && a.graphRequestId === b.graphRequestId;
}
