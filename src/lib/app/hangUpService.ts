import { callPhase, isSettling } from '../domain/callPhase';
import type { HangUpReason } from '../domain/roster';
import { AppError, GraphError, NotFoundError } from '../errors/appError';
import { sweepEntry } from '../storage/sweepIndex';
import { readCallRecord } from '../storage/callRecordRead';
import type { InviteLog } from './inviteAttempt';
import type { Services } from './services';

/**
 * Hangs up: records why on the call's row, then Graph's DELETE /communications/calls/{id} (204,
 * then Graph's deleted notification ends the call and its open invitations, reason callEnded).
 * Repeating it is harmless: a call that already ended (or that Graph no longer knows: 404) is done.
 */
export async function hangUp(services: Services, callId: string, reason: HangUpReason, log: InviteLog): Promise<void> {
  const call = await readCallRecord(services.storage, callId);
  if (!call) throw new NotFoundError(`Call ${callId}`);
  // Whether it ended (or gave up) needs the call's row only, not its roster.
  const phase = callPhase(call, []);
  if (phase === 'terminated' || (phase === 'failed' && reason === 'requested')) return;
  await services.calls.updateCall(callId, (snapshot) => {
    const c = snapshot.call ?? call;
    return { call: { ...c, hangUp: c.hangUp ?? { reason, at: services.now().toISOString() }, updatedAt: services.now().toISOString() }, invitations: [], roster: [] };
  });
  const result = await services.callCreator.hangUp(callId);
  const fields = { callId, operation: 'hangUp', reason, outcome: result.kind };
  if (result.kind === 'hungUp') return log.info('call hung up', { ...fields, graphRequestId: result.graphRequestId });
  if (result.kind === 'rejected' && result.status === 404) return log.info('call already gone at Graph', { ...fields, graphRequestId: result.graphRequestId });
  log.warn('hang-up failed', { ...fields });
  if (result.kind === 'failed') throw new AppError('graph-unreachable', 503, 'Microsoft Graph could not be called', { detail: 'Retry the same request later.', retryAfterSeconds: 10 });
  throw new GraphError(result.status === 429 || result.status === 503 ? 503 : 502, result.status, result.code, result.graphRequestId, result.message, result.retryAfterSeconds);
}

/**
 * The 30-second sweep's look at calls due to be established: one still establishing, or whose bot
 * still waits in the lobby, is hung up (reason lobbyTimeout, shown as failed); others end their check.
 */
export async function sweepCallDeadlines(services: Services, log: InviteLog): Promise<number> {
  let hungUp = 0;
  for (const entry of await services.sweeps.due('cal', services.now())) {
    const call = await readCallRecord(services.storage, entry.callId);
    if (call && isSettling(callPhase(call, []))) {
      try {
        await hangUp(services, entry.callId, 'lobbyTimeout', log);
        hungUp++;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Graph did not take it: look again at the next sweep.
        await services.sweeps.complete(entry, [sweepEntry('cal', entry.callId, '', services.now())]);
        continue;
      }
    }
    await services.sweeps.complete(entry);
  }
  return hungUp;
}
