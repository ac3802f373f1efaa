import { AppError, GraphError } from '../errors/appError';
import type { Invitation } from '../domain/invitation';
import { markAccepted, markRejected } from '../domain/invitationTransitions';
import { release, settle } from '../domain/sending';
import { invitationEvents } from '../domain/timelineEvents';
import { closeInvitationChecks, newlyFinished } from './closeChecks';
import { recordOutcomes } from './outcomeMetrics';
import { parseInviteBody } from '../graph/inviteRequest';
import type { Versioned } from '../storage/tableAccess';
import type { Services } from './services';

export interface InviteLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Graph's status as our caller sees it: their request problems pass through, ours become 502. */
function callerStatus(graphStatus: number): number {
  if (graphStatus === 400 || graphStatus === 404 || graphStatus === 409) return graphStatus;
  if (graphStatus === 429 || graphStatus === 503) return 503;
  return 502;
}

export function rejectedError(inv: Invitation): GraphError {
  const info = inv.resultInfo;
  const graphStatus = info?.code ?? 502;
  const [code, ...rest] = (info?.message ?? '').split(': ');
  return new GraphError(callerStatus(graphStatus), graphStatus, code || undefined, inv.graphRequestId, rest.join(': ') || 'Graph refused the invite.');
}

export { leaseMs } from './lease';

/**
 * Sends a claimed invitation to Graph and records what became of it. Certainly not sent (429/503
 * after the retries, no token, no connection): the row goes back to unsent, so the caller's retry
 * (or an identical request waiting meanwhile) sends it, and nothing that answered 202 is lost.
 */
export async function sendClaimed(services: Services, claimed: Versioned<Invitation>, budgetMs: number, log: InviteLog): Promise<Invitation> {
  const { invitations, inviter } = services;
  const { callId, clientContext } = claimed.value;
  const { participants } = parseInviteBody({ participants: JSON.parse(claimed.value.sending?.participants ?? '[]') as unknown });
  const result = await inviter.invite(callId, participants, clientContext, budgetMs);
  const fields = { callId, clientContext, operation: 'invite', outcome: result.kind };
  switch (result.kind) {
    case 'accepted': {
      log.info('invite accepted by Graph', { ...fields, operationId: result.operationId, graphRequestId: result.graphRequestId });
      return invitations.updateInvitation(claimed, (inv) => settle(markAccepted(inv, result.operationId, result.graphRequestId, services.now(), result.participantIds), services.now()));
    }
    case 'unknown':
      // Not retried: the invite may be ringing. Its notification or the timeout settles it.
      log.warn('invite outcome unknown; waiting for a notification or the timeout', { ...fields, reason: result.reason, graphRequestId: result.graphRequestId });
      return invitations.updateInvitation(claimed, (inv) => settle(inv, services.now()));
    case 'notSent':
      await invitations.updateInvitation(claimed, (inv) => release(inv, services.now()));
      log.warn('invite not sent', { ...fields, reason: result.reason });
      throw new AppError('graph-unreachable', 503, 'Microsoft Graph could not be called', {
        detail: 'Nothing was sent (no token, no connection, or the time limit ran out); retry the same request later.',
        retryAfterSeconds: 10,
      });
    case 'rejected': {
      log.warn('invite rejected by Graph', { ...fields, graphStatus: result.status, graphErrorCode: result.code, graphRequestId: result.graphRequestId });
      if (result.status === 429 || result.status === 503) {
        // Graph did not process it: the caller's retry really invites.
        await invitations.updateInvitation(claimed, (inv) => release(inv, services.now()));
        throw new GraphError(503, result.status, result.code, result.graphRequestId, 'Graph is throttling; nothing was sent. Retry the same request later.', result.retryAfterSeconds ?? 10);
      }
      const info = { code: result.status, subcode: undefined, message: `${result.code ?? 'error'}: ${result.message}` };
      const invitation = await invitations.updateInvitation(claimed, (inv) => settle(markRejected(inv, info, result.graphRequestId, services.now()), services.now()));
      recordOutcomes(services.telemetry, callId, invitationEvents(claimed.value, invitation));
      await closeInvitationChecks(services, newlyFinished([claimed.value], [invitation]), true);
      throw rejectedError(invitation);
    }
  }
}
