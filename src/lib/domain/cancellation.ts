import { isTerminal, type Invitation } from './invitation';

/*
 * Cancelling an invitation (DELETE .../invitations/{id}). Graph cancels an outstanding invite when
 * the invited participant is deleted (participant: delete); the participant id of a ringing
 * invitee is the one Graph's invite answer gave it (our assumption, docs/graph-in-the-field.md), or the roster's
 * while it waits in the lobby.
 */

export type CancelPlan =
  /** Ask Graph to delete these participants (none: nobody is still ringing), then mark it cancelled. */
  | { readonly kind: 'cancel'; readonly participantIds: readonly string[] }
  /** Cancelled before: answer as before, call nobody. */
  | { readonly kind: 'alreadyCancelled' }
  /** It ended otherwise (answered, declined, timed out...): a conflict. */
  | { readonly kind: 'finished' }
  /** Still ringing, but Graph never said which participant id the invitee has, so nothing can name it. */
  | { readonly kind: 'notAddressable' };

export function planCancel(inv: Invitation): CancelPlan {
  if (inv.outcomeReason === 'cancelled') return { kind: 'alreadyCancelled' };
  if (isTerminal(inv.status)) return { kind: 'finished' };
  const participantIds: string[] = [];
  for (const i of inv.invitees) {
    if (i.state !== 'invited' && i.state !== 'inLobby') continue;
    const id = i.participantId ?? i.graphParticipantId;
    if (id === undefined) return { kind: 'notAddressable' };
    participantIds.push(id);
  }
  return { kind: 'cancel', participantIds };
}

/** Records the intent before Graph is asked, so Graph's later "failed" reads as cancelled even if we die in between. */
export function requestCancel(inv: Invitation, now: Date): Invitation {
  if (inv.cancelRequestedAt !== undefined || isTerminal(inv.status)) return inv;
  const at = now.toISOString();
  return { ...inv, cancelRequestedAt: at, updatedAt: at };
}
