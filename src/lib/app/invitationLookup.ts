import { clientContextSchema } from '../graph/inviteRequest';
import { parseWith } from '../errors/parseWith';
import { clientContextOfId } from '../http/invitationId';
import type { Invitation } from '../domain/invitation';
import type { Versioned } from '../storage/tableAccess';
import type { Services } from './services';

/*
 * The segment is the invitation id of our Location headers. Locations issued before ids existed
 * carry the clientContext itself; those keep working (a segment that is no id of a stored
 * invitation is read as a clientContext), as far as the front end lets them through.
 */
export async function invitationBySegment(services: Services, callId: string, segment: string): Promise<Versioned<Invitation> | undefined> {
  const fromId = clientContextOfId(segment);
  const stored = fromId === undefined ? undefined : await services.invitations.getInvitation(callId, fromId);
  if (stored) return stored;
  const clientContext = parseWith(clientContextSchema, segment, 'The invitation id');
  return services.invitations.getInvitation(callId, clientContext);
}
