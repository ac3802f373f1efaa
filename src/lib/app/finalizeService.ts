import { finalizeExpired } from '../domain/applyNotification';
import { isTerminal, type Invitation } from '../domain/invitation';
import { claim, isUnsent } from '../domain/sending';
import { timelineEvents } from '../domain/timelineEvents';
import { AppError } from '../errors/appError';
import { backfillSweepIndex } from '../storage/sweepBackfill';
import { sweepEntry, type SweepEntry } from '../storage/sweepIndex';
import type { Versioned } from '../storage/tableAccess';
import { leaseMs, sendClaimed, type InviteLog } from './inviteAttempt';
import { recordOutcomes } from './outcomeMetrics';
import type { Services } from './services';
import { sweepShards } from './shardPass';

export interface InvitationSweepReport {
  /** Invitations whose request died after recording them and before any Graph attempt, sent now. */
  readonly sent: number;
  /** Invitations closed because their deadline passed without an outcome. */
  readonly finalized: number;
  /** More checks may be due than this pass took (a full batch, or its time ran out). */
  readonly more?: boolean;
}

/** A minute run's reach (about 30 s late at worst) and room: a check later than this past its deadline was missed by a sweep. */
const overdueAfterMs = 90_000;

/**
 * Records an invitation: first its check in the sweep's work list, due when its request's lease
 * ends, so a row whose request dies before sending is found then; then the row itself. A crash in
 * between leaves a check that finds no row. (The call's retention check is written when the check
 * ends, by the sweep, or earlier by the call's first notification.)
 */
export async function recordInvitation(services: Services, draft: Invitation): ReturnType<Services['invitations']['createInvitation']> {
  const due = new Date(Date.parse(draft.createdAt) + leaseMs(services));
  await services.sweeps.schedule([sweepEntry('inv', draft.callId, draft.clientContext, due)]);
  return services.invitations.createInvitation(draft);
}

/**
 * The invitation sweep, one pass (shardPass.ts: bounded, leased, calls side by side): looks at the
 * invitations whose check is due, and nothing else. A row whose request died before any Graph attempt is sent (the caller got no answer, and without this it
 * would wait for a retry that may never come); one still ringing is looked at again at its
 * deadline; one past its deadline with no operation notification and no invitee on the roster has
 * failed (Graph gives up ringing after about 60 s). Closed, missing or refused-and-unsent rows
 * (the caller's retry records a new check) end their check.
 */
export async function sweepInvitations(services: Services, log: InviteLog, stopAt?: number): Promise<InvitationSweepReport> {
  // Calls stored before the index existed get their checks once (one read per process after that).
  await backfillSweepIndex(services.storage, services.sweeps, services.now());
  let sent = 0;
  let finalized = 0;
  let overdue = 0;
  const failures: unknown[] = [];
  const pass = await sweepShards(
    services,
    'inv',
    async (entries) => {
      for (const entry of entries) {
        try {
          const report = await checkInvitation(services, entry, log);
          sent += report.sent;
          finalized += report.finalized;
          overdue += report.overdue ?? 0;
        } catch (error) {
          // This invitation stays open; the other checks still run.
          overdue += 1;
          failures.push(error);
        }
      }
    },
    stopAt,
  );
  // Every sweep reports, 0 included: the "invitations stuck past their deadline" alert watches this.
  services.telemetry.metrics.overdueInvitations(overdue);
  const [failure] = [...failures, ...pass.failures];
  if (failure !== undefined) throw failure;
  return { sent, finalized, more: pass.more };
}

async function checkInvitation(services: Services, entry: SweepEntry, log: InviteLog): Promise<InvitationSweepReport & { overdue?: number }> {
  const { callId, subject: clientContext } = entry;
  let stored = await services.invitations.getInvitation(callId, clientContext);
  let sent = 0;
  const leaseEnd = (inv: Invitation) => new Date(Date.parse(inv.createdAt) + leaseMs(services));
  if (stored && isUnsent(stored.value) && stored.value.sending?.attempts === 0) {
    // Younger than a lease: its own request may still claim it.
    if (leaseEnd(stored.value) > services.now()) return reschedule(services, entry, leaseEnd(stored.value));
    sent = await sendNeverTried(services, stored, log);
    stored = await services.invitations.getInvitation(callId, clientContext);
  }
  const inv = stored?.value;
  if (!inv) {
    await services.sweeps.complete(entry); // its request died before recording it
    return { sent, finalized: 0 };
  }
  if (isTerminal(inv.status) || isUnsent(inv)) {
    await done(services, entry);
    return { sent, finalized: 0 };
  }
  const deadline = new Date(inv.deadline);
  if (deadline > services.now()) return { ...(await reschedule(services, entry, deadline)), sent };
  const { changes, events } = await services.calls.modifyCall(callId, (stored) => {
    const changes = finalizeExpired({ ...stored.snapshot, invitations: stored.snapshot.invitations.filter((i) => !isUnsent(i)) }, services.now());
    const events = timelineEvents(stored.snapshot, changes);
    return { changes, consumedInbox: [], events, result: { changes, events } };
  });
  recordOutcomes(services.telemetry, callId, events);
  const closed = changes.invitations.some((i) => i.clientContext === clientContext && isTerminal(i.status));
  // Not closed by this write (closed meanwhile, or still sending): look again at the next sweep.
  if (closed) await done(services, entry);
  else await reschedule(services, entry, services.now());
  return { sent, finalized: changes.invitations.length, overdue: services.now().getTime() - deadline.getTime() > overdueAfterMs ? 1 : 0 };
}

/** The check ends, and leaves the call's retention check (written first: nothing is lost in between). */
async function done(services: Services, entry: SweepEntry): Promise<void> {
  await services.sweeps.complete(entry, [services.sweeps.purgeCheck(entry.callId, services.now())]);
}

async function reschedule(services: Services, entry: SweepEntry, due: Date): Promise<InvitationSweepReport> {
  await services.sweeps.complete(entry, [sweepEntry('inv', entry.callId, entry.subject, due)]);
  return { sent: 0, finalized: 0 };
}

/**
 * Sends an invitation whose request died after recording it and before any Graph attempt (a crash
 * or a restart). Rows whose attempt was refused (the caller got 503) are left to the caller's retry.
 */
async function sendNeverTried(services: Services, stored: Versioned<Invitation>, log: InviteLog): Promise<number> {
  const claimed = await services.invitations.replaceIfUnchanged(stored, claim(stored.value, services.now(), leaseMs(services), services.config.invitationTimeoutSeconds));
  if (!claimed) return 0; // A request with the same clientContext claimed it first.
  try {
    await sendClaimed(services, claimed, services.config.graph.timeoutMs, log);
    return 1;
  } catch (error) {
    // Refused or not sent: recorded on the row (sendClaimed logged the ids); the caller's retry decides.
    if (!(error instanceof AppError)) throw error;
    return 0;
  }
}
