import type { Caller } from '../domain/caller';
import { callPhase } from '../domain/callPhase';
import { isUnsent, claim } from '../domain/sending';
import type { Invitation } from '../domain/invitation';
import type { CallSnapshot } from '../domain/roster';
import { AppError, ConflictError } from '../errors/appError';
import type { CallTarget } from '../graph/createCallBody';
import type { InviteBody } from '../graph/inviteRequest';
import { sweepEntry } from '../storage/sweepIndex';
import { readCallRecord } from '../storage/callRecordRead';
import { placeCall } from './callService';
import { inviteDraft } from './inviteDraft';
import { leaseMs, sendClaimed, type InviteLog } from './inviteAttempt';
import { inviteParticipants } from './inviteService';
import type { Services } from './services';

export interface MeetingInvite {
  readonly target: Extract<CallTarget, { kind: 'meeting' }>;
  readonly tenantId: string | undefined;
  readonly body: InviteBody;
  readonly idempotencyKey: string | undefined;
  readonly invitedBy: Caller;
}

/**
 * Records the invitation of a meeting invite in the bot's call, unsent and waiting for the call to
 * be established. Its sweep check comes due after the call's time limit: if the notification that
 * should have sent it was lost with a crash, the sweep sends it then (once: the claim decides).
 */
export async function recordMeetingInvitation(services: Services, callId: string, body: InviteBody, idempotencyKey: string | undefined, invitedBy: Caller): Promise<Invitation> {
  const draft: Invitation = { ...inviteDraft(services, callId, body, idempotencyKey, invitedBy), viaMeetingLink: true };
  const due = new Date(services.now().getTime() + (services.config.callEstablishTimeoutSeconds + 60) * 1000);
  await services.sweeps.schedule([sweepEntry('inv', callId, draft.clientContext, due)]);
  const { created, stored } = await services.invitations.createInvitation(draft);
  if (!created && stored.value.requestHash !== draft.requestHash) {
    throw new ConflictError(`clientContext ${JSON.stringify(draft.clientContext)} was already used for a different invite in this call.`);
  }
  return stored.value;
}

/**
 * Invite by meeting link, one request: joins the meeting unless the bot is in it (placeCall finds
 * the call it is in), records the invitation, and sends it if the call is established already;
 * otherwise the established notification sends it (sendAwaitingInvites).
 */
export async function inviteIntoMeeting(services: Services, request: MeetingInvite, log: InviteLog): Promise<Invitation> {
  const { callId } = await placeCall(services, { target: request.target, tenantId: request.tenantId, clientContext: undefined, createdBy: request.invitedBy }, log);
  const recorded = await recordMeetingInvitation(services, callId, request.body, request.idempotencyKey, request.invitedBy);
  // Written before this read: a notification applied after it finds the invitation and sends it.
  const phase = callPhase(await readCallRecord(services.storage, callId), []);
  if (phase !== 'established' || !isUnsent(recorded)) return recorded;
  const { invitation } = await inviteParticipants(services, { callId, body: { ...request.body, clientContext: recorded.clientContext }, idempotencyKey: undefined, invitedBy: request.invitedBy }, log);
  return invitation;
}

/**
 * The call is established (its notification was just applied, or delivered again): sends the
 * meeting invites that waited for it. Each is claimed first, so a retry of the request, the sweep
 * or a repeated notification sending the same one meanwhile leaves it to them.
 */
export async function sendAwaitingInvites(services: Services, snapshot: CallSnapshot, log: InviteLog): Promise<void> {
  const callId = snapshot.callId;
  // An invitation recorded after this snapshot's version finds the call established itself
  // (inviteIntoMeeting reads the call after recording it), so the snapshot misses none.
  for (const inv of snapshot.invitations.filter((i) => i.viaMeetingLink && isUnsent(i))) {
    const stored = await services.invitations.getInvitation(callId, inv.clientContext);
    if (!stored || !isUnsent(stored.value)) continue;
    const claimed = await services.invitations.replaceIfUnchanged(stored, claim(stored.value, services.now(), leaseMs(services), services.config.invitationTimeoutSeconds));
    if (!claimed) continue;
    try {
      await sendClaimed(services, claimed, services.config.graph.timeoutMs, log);
    } catch (error) {
      // Refused or not sent: recorded on the row (and logged); a retry of the request or the sweep decides.
      if (!(error instanceof AppError)) throw error;
    }
  }
}
