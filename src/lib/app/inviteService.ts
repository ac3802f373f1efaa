import { AppError, ConflictError, GraphError } from '../errors/appError';
import type { Invitation } from '../domain/invitation';
import { markAccepted, markRejected } from '../domain/invitationTransitions';
import type { InviteBody } from '../graph/inviteRequest';
import { inviteDraft } from './inviteDraft';
import type { Services } from './services';

export interface InviteLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface InviteOutcome {
  readonly invitation: Invitation;
  /** True when an earlier request with the same clientContext is answered again. */
  readonly replayed: boolean;
}

/** Graph's status as our caller sees it: their request problems pass through, ours become 502. */
function callerStatus(graphStatus: number): number {
  if (graphStatus === 400 || graphStatus === 404 || graphStatus === 409) return graphStatus;
  if (graphStatus === 429 || graphStatus === 503) return 503;
  return 502;
}

function rejectedError(inv: Invitation): GraphError {
  const info = inv.resultInfo;
  const graphStatus = info?.code ?? 502;
  const [code, ...rest] = (info?.message ?? '').split(': ');
  return new GraphError(callerStatus(graphStatus), graphStatus, code || undefined, inv.graphRequestId, rest.join(': ') || 'Graph refused the invite.');
}

/**
 * Invites participants into a call. The invitation is stored (keyed by clientContext) before
 * Graph is called, so a notification that beats Graph's HTTP answer still finds it, and a repeated
 * request is answered from storage instead of ringing anyone twice.
 */
export async function inviteParticipants(
  services: Services,
  callId: string,
  body: InviteBody,
  idempotencyKey: string | undefined,
  log: InviteLog,
): Promise<InviteOutcome> {
  const { invitations, inviter } = services;
  const draft = inviteDraft(services, callId, body, idempotencyKey);
  const { clientContext } = draft;

  const { created, stored } = await invitations.createInvitation(draft);
  if (!created) {
    if (stored.value.requestHash !== draft.requestHash) {
      throw new ConflictError(`clientContext ${JSON.stringify(clientContext)} was already used for a different invite in this call.`);
    }
    if (stored.value.outcomeReason === 'graphRejected') throw rejectedError(stored.value);
    log.info('invite replayed from storage', { callId, clientContext, status: stored.value.status });
    return { invitation: stored.value, replayed: true };
  }

  const result = await inviter.invite(callId, body.participants, clientContext);
  const fields = { callId, clientContext };
  switch (result.kind) {
    case 'accepted': {
      log.info('invite accepted by Graph', { ...fields, operationId: result.operationId, graphRequestId: result.graphRequestId });
      const invitation = await invitations.updateInvitation(stored, (inv) =>
        markAccepted(inv, result.operationId, result.graphRequestId, services.now()),
      );
      return { invitation, replayed: false };
    }
    case 'unknown':
      // Not retried: the invite may be ringing. Its notification or the timeout settles it.
      log.warn('invite outcome unknown; waiting for a notification or the timeout', { ...fields, reason: result.reason, graphRequestId: result.graphRequestId });
      return { invitation: stored.value, replayed: false };
    case 'notSent':
      await invitations.deleteInvitation(stored);
      log.warn('invite not sent', { ...fields, reason: result.reason });
      throw new AppError('graph-unreachable', 503, 'Microsoft Graph could not be called', {
        detail: 'Nothing was sent (no token, or no connection); retry the same request later.',
        retryAfterSeconds: 10,
      });
    case 'rejected': {
      log.warn('invite rejected by Graph', { ...fields, graphStatus: result.status, graphErrorCode: result.code, graphRequestId: result.graphRequestId });
      if (result.status === 429 || result.status === 503) {
        // Graph did not process it: forget it, so the caller's retry really invites.
        await invitations.deleteInvitation(stored);
        throw new GraphError(503, result.status, result.code, result.graphRequestId, 'Graph is throttling; retry the same request later.', result.retryAfterSeconds ?? 10);
      }
      const info = { code: result.status, subcode: undefined, message: `${result.code ?? 'error'}: ${result.message}` };
      const invitation = await invitations.updateInvitation(stored, (inv) => markRejected(inv, info, result.graphRequestId, services.now()));
      throw rejectedError(invitation);
    }
  }
}
