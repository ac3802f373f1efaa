import { isTerminal, type Invitation } from '../domain/invitation';
import { StorageUnavailableError } from '../errors/appError';
import { sweepEntry } from '../storage/sweepIndex';
import { leaseMs } from './lease';
import type { Services } from './services';

/** The invitations of `after` that reached their outcome in this change (terminal now, not in `before`). */
export function newlyFinished(before: readonly Invitation[], after: readonly Invitation[]): Invitation[] {
  const wasTerminal = new Set(before.filter((i) => isTerminal(i.status)).map((i) => i.clientContext));
  return after.filter((i) => isTerminal(i.status) && !wasTerminal.has(i.clientContext));
}

/**
 * Ends the sweep check of each invitation that just reached its outcome, so the deadline sweep
 * visits only open invitations. Best effort: the outcome is stored already, and a check left
 * behind (this was lost with the process, or the check had moved to a key not derived here) is
 * closed by the sweep as before. A check sits at one of two keys: the end of its request's lease
 * (as recorded) or the deadline (where the sweep moves it while the invitation rings). The delete
 * is written behind (sweepWriteBehind.ts): the closes of a moment share one request per shard.
 * `retention`: write the call's retention check first, as the sweep would (paths that are not a
 * callback write, whose first write already wrote it).
 */
export async function closeInvitationChecks(services: Services, finished: readonly Invitation[], retention = false): Promise<void> {
  for (const inv of finished) {
    try {
      if (retention) await services.sweeps.ensurePurgeCheck(inv.callId, services.now());
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      // Without its retention check the call keeps its check: the sweep writes one when it visits.
      services.telemetry.log('warning', 'invitation check left for the sweep', { callId: inv.callId, clientContext: inv.clientContext });
      continue;
    }
    const leaseEnd = new Date(Date.parse(inv.createdAt) + leaseMs(services));
    services.sweepWrites.close([sweepEntry('inv', inv.callId, inv.clientContext, leaseEnd), sweepEntry('inv', inv.callId, inv.clientContext, new Date(inv.deadline))]);
  }
}
