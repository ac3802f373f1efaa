import { finalizeExpired } from '../domain/applyNotification';
import type { Services } from './services';

/**
 * Closes invitations that never got an outcome: Graph gives up ringing after about 60 s, so an
 * invitation past its deadline with no operation notification and no invitee on the roster has
 * failed. Returns how many were finalized.
 */
export async function finalizeExpiredInvitations(services: Services): Promise<number> {
  const now = services.now();
  const callIds = await services.calls.callsWithExpiredInvitations(now);
  let finalized = 0;
  for (const callId of callIds) {
    const changes = await services.calls.updateCall(callId, (snapshot) => finalizeExpired(snapshot, services.now()));
    finalized += changes.invitations.length;
  }
  return finalized;
}
