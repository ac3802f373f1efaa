import { randomUUID } from 'node:crypto';
import type { GraphSimulator } from './graphSimulator';
import type { SimResponse } from './identityProvider';
import { graphError } from './graphErrors';
import { realisticParticipant } from './participantPayload';

/**
 * Graph's List participants (GET /communications/calls/{id}/participants, 200 with `value`, a
 * collection of participant objects, and `@odata.context`; Calls.Initiate.All, checked when the call
 * was created; not for peer-to-peer calls): who is in the call (or its lobby) now, in the roster
 * notifications' own participant shape. 404 once the call has ended.
 */
export async function listParticipants(sim: GraphSimulator, callId: string, authorization: string | undefined): Promise<SimResponse> {
  sim.participantLists.push({ callId });
  const refused = await sim.refuse(authorization);
  if (refused) return refused;
  const call = sim.calls.get(callId);
  if (!call?.active) return graphError(404, 'itemNotFound', 'The call was not found or has ended.');
  const value = [...call.participants.values()].filter((p) => p.present).map((p) => realisticParticipant(p));
  return {
    status: 200,
    headers: { 'request-id': randomUUID() },
    body: { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#communications/calls('${callId}')/participants`, value },
  };
}
