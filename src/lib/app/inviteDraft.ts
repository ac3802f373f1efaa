import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from '../domain/caller';
import { newInvitation, type Invitation } from '../domain/invitation';
import { unsent } from '../domain/sending';
import { inviteeIdentities, type InviteBody } from '../graph/inviteRequest';
import type { Services } from './services';

function requestHash(callId: string, body: InviteBody): string {
  return createHash('sha256').update(JSON.stringify([callId, body.participants])).digest('base64url');
}

/** The invitation row an invite request records before anything is sent to Graph: unsent. */
export function inviteDraft(services: Services, callId: string, body: InviteBody, idempotencyKey: string | undefined, invitedBy: Caller): Invitation {
  const clientContext = body.clientContext ?? idempotencyKey ?? randomUUID();
  const invitation = newInvitation({
    callId,
    clientContext,
    invitees: inviteeIdentities(body),
    requestHash: requestHash(callId, body),
    now: services.now(),
    timeoutSeconds: services.config.invitationTimeoutSeconds,
    invitedBy,
  });
  // Kept with the row, so that whichever request claims it (or the sweep) can send it.
  return { ...invitation, sending: unsent(JSON.stringify(body.participants)) };
}
