import { randomUUID } from 'node:crypto';
import type { GraphSimulator } from './graphSimulator';
import type { SimResponse } from './identityProvider';
import { graphError } from './graphErrors';

/** How our assumption says Graph ends a cancelled invite's operation: failed, SIP's 487 "Request Terminated". */
export const cancelledInviteResult = { code: 487, subcode: 0, message: 'The invitation was cancelled.' };

/**
 * Graph's participant: delete (204). A participant in the call is dropped: the roster that follows
 * lacks them (or, per `departures`, lists them with removedState or sends a deleted item). An
 * invitee still ringing (by the id the invite answer gave it) is cancelled: it never joins, and the
 * operation ends failed (487) or, in `cancelledOperation: silent`, with no notification at all.
 */
export async function deleteParticipant(sim: GraphSimulator, callId: string, authorization: string | undefined, participantId: string): Promise<SimResponse> {
  const record = (status: number, cancelledInvite = false) => sim.deletes.push({ callId, participantId, status, cancelledInvite });
  const refused = await sim.refuse(authorization);
  if (refused) return (record(refused.status), refused);
  if (sim.scenario.failNextDelete) {
    const f = sim.scenario.failNextDelete;
    sim.scenario.failNextDelete = undefined;
    record(f.status);
    return graphError(f.status, f.code, f.message);
  }
  const call = sim.calls.get(callId);
  const notFound = () => (record(404), graphError(404, 'itemNotFound', 'The participant was not found.'));
  if (!call?.active) return notFound();
  const leg = call.ringing.get(participantId);
  if (leg) {
    leg.cancelled = true;
    call.ringing.delete(participantId);
    record(204, true);
    if (sim.scenario.cancelledOperation === 'failed') {
      sim.deliver(call, [call.operation(leg.operationId, leg.clientContext, 'failed', cancelledInviteResult, sim.shape)]);
    }
    return { status: 204, headers: { 'request-id': randomUUID() } };
  }
  const p = call.participants.get(participantId);
  if (!p?.present) return notFound();
  call.leave(participantId, 'removedByApplication');
  sim.deliver(call, [...call.departed(sim.shape), call.roster(sim.shape)]);
  record(204);
  return { status: 204, headers: { 'request-id': randomUUID() } };
}
