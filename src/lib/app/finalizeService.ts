import { finalizeExpired } from '../domain/applyNotification';
import { claim, isUnsent, sendPhase } from '../domain/sending';
import { timelineEvents } from '../domain/timelineEvents';
import { recordOutcomes } from './outcomeMetrics';
import { AppError } from '../errors/appError';
import { leaseMs, sendClaimed, type InviteLog } from './inviteAttempt';
import type { Services } from './services';

/** Two sweeps (30 s apart) and some room: an invitation past its deadline by more was missed by a sweep. */
const overdueAfterMs = 90_000;

/**
 * Closes invitations that never got an outcome: Graph gives up ringing after about 60 s, so an
 * invitation past its deadline with no operation notification and no invitee on the roster has
 * failed. Unsent ones are not ringing and have no deadline. Returns how many were finalized.
 */
export async function finalizeExpiredInvitations(services: Services): Promise<number> {
  const now = services.now();
  const callIds = await services.calls.callsWithExpiredInvitations(now);
  let finalized = 0;
  let overdue = 0;
  const failures: unknown[] = [];
  for (const callId of callIds) {
    try {
      const { changes, events, late } = await services.calls.modifyCall(callId, (stored) => {
        const snapshot = stored.snapshot;
        const open = snapshot.invitations.filter((inv) => !isUnsent(inv));
        const changes = finalizeExpired({ ...snapshot, invitations: open }, services.now());
        const late = changes.invitations.filter((inv) => Date.parse(inv.deadline) < now.getTime() - overdueAfterMs).length;
        return { changes, consumedInbox: [], result: { changes, events: timelineEvents(snapshot, changes), late } };
      });
      recordOutcomes(services.telemetry, callId, events);
      finalized += changes.invitations.length;
      overdue += late;
    } catch (error) {
      // This call's invitations stay open past their deadline; the other calls are still closed.
      overdue += 1;
      failures.push(error);
    }
  }
  // Every sweep reports, 0 included: the "stuck invitations" alert watches this.
  services.telemetry.metrics.overdueInvitations(overdue);
  if (failures.length > 0) throw failures[0];
  return finalized;
}

/**
 * Sends invitations whose request died after recording them and before any Graph attempt (a
 * crash or a restart): the caller got no answer, and without this the row would wait for a retry
 * that may never come. Rows younger than a lease may still be claimed by their own request.
 * Rows whose attempt was refused (the caller got 503) are left to the caller's retry.
 */
export async function sendNeverTried(services: Services, log: InviteLog): Promise<number> {
  const orphans = await services.invitations.neverTried(new Date(services.now().getTime() - leaseMs(services)));
  let sent = 0;
  for (const { callId, clientContext } of orphans) {
    const stored = await services.invitations.getInvitation(callId, clientContext);
    const now = services.now();
    if (!stored || sendPhase(stored.value, now) !== 'unsent' || stored.value.sending?.attempts !== 0) continue;
    const claimed = await services.invitations.replaceIfUnchanged(stored, claim(stored.value, now, leaseMs(services), services.config.invitationTimeoutSeconds));
    if (!claimed) continue; // A request with the same clientContext claimed it first.
    try {
      await sendClaimed(services, claimed, services.config.graph.timeoutMs, log);
      sent++;
    } catch (error) {
      // Refused or not sent: recorded on the row (sendClaimed logged the ids); the caller's retry decides.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return sent;
}
