import { removalError } from './cancelService';
import type { InviteLog } from './inviteAttempt';
import type { Services } from './services';

/**
 * Removes a participant through Graph's participant: delete. Nothing is written: the roster shows
 * the departure when Graph's roster notification arrives, with the reason Graph gives.
 */
export async function removeParticipant(services: Services, callId: string, participantId: string, log: InviteLog): Promise<{ graphRequestId: string | undefined }> {
  const result = await services.participants.remove(callId, participantId);
  log.info('participant delete', { callId, participantId, result: result.kind, ...(result.kind === 'rejected' ? { graphStatus: result.status } : {}) });
  if (result.kind !== 'removed') throw removalError(result, `Removing participant ${participantId}`);
  return { graphRequestId: result.graphRequestId };
}
