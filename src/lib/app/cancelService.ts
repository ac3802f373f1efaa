import { AppError, ConflictError, GraphError, NotFoundError } from '../errors/appError';
import { requireOwner, type AuthenticatedCaller } from '../auth/permissions';
import { planCancel, requestCancel } from '../domain/cancellation';
import type { Invitation } from '../domain/invitation';
import { markCancelled } from '../domain/invitationOutcome';
import { isUnsent } from '../domain/sending';
import type { RemoveResult } from '../graph/participantRemover';
import type { Versioned } from '../storage/tableAccess';
import { closeInvitationChecks, newlyFinished } from './closeChecks';
import type { InviteLog } from './inviteAttempt';
import type { Services } from './services';

/** Graph's refusal as our caller sees it: its 404 is ours, throttling a 503, anything else a 502. */
export function removalError(result: Exclude<RemoveResult, { kind: 'removed' }>, what: string): AppError {
  if (result.kind === 'failed') {
    return new AppError('graph-unavailable', 503, 'Microsoft Graph did not answer', {
      detail: `${what}: Graph gave no answer (${result.reason}); it may or may not have happened. Repeating the request is harmless.`,
      retryAfterSeconds: 10,
    });
  }
  const status = result.status === 404 ? 404 : result.status === 429 || result.status === 503 ? 503 : 502;
  return new GraphError(status, result.status, result.code, result.graphRequestId, `${what}: ${result.message}`, status === 503 ? (result.retryAfterSeconds ?? 10) : undefined);
}

function conflict(inv: Invitation): ConflictError {
  return new ConflictError(`The invitation has already finished (status ${inv.status}, reason ${inv.outcomeReason ?? 'none'}); there is nothing left to cancel.`);
}

/**
 * Cancels an open invitation: records the intent, asks Graph to delete each invitee still ringing
 * (participant: delete cancels the outstanding invite), then marks it cancelled. Repeating it
 * answers the cancelled invitation again without calling Graph; a finished one is a 409.
 */
export async function cancelInvitation(services: Services, stored: Versioned<Invitation> | undefined, caller: AuthenticatedCaller, what: string, log: InviteLog): Promise<Invitation> {
  if (!stored || isUnsent(stored.value)) throw new NotFoundError(what);
  requireOwner(caller, stored.value.invitedBy, 'This invitation');
  const plan = planCancel(stored.value);
  if (plan.kind === 'alreadyCancelled') return stored.value;
  if (plan.kind === 'finished') throw conflict(stored.value);
  if (plan.kind === 'notAddressable') {
    throw new AppError('not-cancellable', 409, 'The invitation cannot be cancelled', {
      detail: 'Graph did not say which participant id the ringing invitee has, so no participant can be deleted; the invite ends when it is answered, declined or times out.',
    });
  }
  const { callId, clientContext } = stored.value;
  const requested = await services.invitations.updateInvitation(stored, (inv) => requestCancel(inv, services.now()));
  if (requested.outcomeReason === 'cancelled') return requested;
  for (const participantId of plan.participantIds) {
    const result = await services.participants.remove(callId, participantId);
    log.info('cancel: participant delete', { callId, clientContext, participantId, result: result.kind, ...(result.kind === 'rejected' ? { graphStatus: result.status } : {}) });
    // 404: no such participant any more (its invite already ended): nothing left to cancel there.
    if (result.kind !== 'removed' && !(result.kind === 'rejected' && result.status === 404)) throw removalError(result, 'Cancelling the invitation');
  }
  const current = await services.invitations.getInvitation(callId, clientContext);
  if (!current) throw new NotFoundError(what);
  const cancelled = await services.invitations.updateInvitation(current, (inv) => markCancelled(inv, services.now()));
  if (cancelled.outcomeReason !== 'cancelled') throw conflict(cancelled);
  await closeInvitationChecks(services, newlyFinished([current.value], [cancelled]), true);
  return cancelled;
}
