import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, ConflictError } from '../errors/appError';
import type { Caller } from '../domain/caller';
import type { Invitation } from '../domain/invitation';
import { claim, sendPhase } from '../domain/sending';
import type { InviteBody } from '../graph/inviteRequest';
import type { Versioned } from '../storage/tableAccess';
import { recordInvitation } from './finalizeService';
import { inviteDraft } from './inviteDraft';
import { leaseMs, rejectedError, sendClaimed, type InviteLog } from './inviteAttempt';
import type { Services } from './services';

export type { InviteLog } from './inviteAttempt';

/** One invite request: the call, Graph's invite body, the Idempotency-Key header and who sent it. */
export interface InviteRequest {
  readonly callId: string;
  readonly body: InviteBody;
  readonly idempotencyKey: string | undefined;
  readonly invitedBy: Caller;
}

export interface InviteOutcome {
  readonly invitation: Invitation;
  /** True when an earlier request with the same clientContext is answered again. */
  readonly replayed: boolean;
}

/** How often a request waiting for an identical one in flight looks at the row again. */
const waitStepMs = 250;

/**
 * Invites participants into a call. The invitation is stored (keyed by clientContext) before
 * Graph is called, so a notification that beats Graph's HTTP answer still finds it, and a
 * repeated request is answered from storage instead of ringing anyone twice. A 202 is answered
 * only once Graph has (or may have) the invite: an identical request arriving meanwhile waits for
 * the attempt in flight, and sends the invite itself if that attempt did not.
 */
export async function inviteParticipants(services: Services, request: InviteRequest, log: InviteLog): Promise<InviteOutcome> {
  const { callId, body, idempotencyKey, invitedBy } = request;
  // The whole request, waits and Graph's retries included, stays within GRAPH_TIMEOUT_MS.
  const until = Date.now() + services.config.graph.timeoutMs;
  const draft = inviteDraft(services, callId, body, idempotencyKey, invitedBy);
  const { clientContext } = draft;
  const created = await recordInvitation(services, draft);
  let stored: Versioned<Invitation> | undefined = created.stored;
  if (!created.created && stored.value.requestHash !== draft.requestHash) {
    throw new ConflictError(`clientContext ${JSON.stringify(clientContext)} was already used for a different invite in this call.`);
  }
  for (;;) {
    stored ??= (await services.invitations.createInvitation(draft)).stored;
    const inv: Invitation = stored.value;
    if (inv.outcomeReason === 'graphRejected') throw rejectedError(inv);
    const now = services.now();
    const phase = sendPhase(inv, now);
    if (phase === 'sent') {
      if (!created.created) log.info('invite replayed from storage', { callId, clientContext, status: inv.status });
      return { invitation: inv, replayed: !created.created };
    }
    if (phase === 'unsent') {
      const claimed = await services.invitations.replaceIfUnchanged(stored, claim(inv, now, leaseMs(services), services.config.invitationTimeoutSeconds));
      if (claimed) return { invitation: await sendClaimed(services, claimed, until - Date.now(), log), replayed: false };
    } else {
      if (Date.now() + waitStepMs >= until) {
        log.warn('identical invite still being sent; answering 503', { callId, clientContext, operation: 'invite' });
        throw new AppError('invite-in-progress', 503, 'An identical invite is still being sent', {
          detail: 'An earlier request with this clientContext is still talking to Graph; retry the same request to learn its outcome.',
          retryAfterSeconds: 5,
        });
      }
      await sleep(waitStepMs);
    }
    stored = await services.invitations.getInvitation(callId, clientContext);
  }
}
