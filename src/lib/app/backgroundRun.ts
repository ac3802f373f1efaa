import { setTimeout as sleep } from 'node:timers/promises';
import { webhookPartition } from '../storage/webhookStore';
import { backfillSweepIndex } from '../storage/sweepBackfill';
import { shardOf } from '../storage/sweepIndex';
import { sweepInvitations } from './finalizeService';
import type { InviteLog } from './inviteAttempt';
import { replayPendingNotifications } from './replayService';
import type { Services } from './services';
import { passBudgetMs } from './shardPass';
import { deliverDue, fanOut } from './webhookDispatcher';

/** While work is open, a pass every 10 s (the old delivery timer's period). */
export const passIntervalMs = 10_000;

export interface BackgroundReport {
  readonly passes: number;
  readonly sent: number;
  readonly finalized: number;
  readonly replayed: number;
  readonly events: number;
  readonly delivered: number;
  readonly failures: number;
}

interface Totals {
  passes: number;
  sent: number;
  finalized: number;
  replayed: number;
  events: number;
  delivered: number;
  failures: unknown[];
}

/**
 * Fan-out and the due deliveries (webhookDispatcher.ts), then the "dlv" wake checks that were due:
 * done, unless the pass made a full batch of attempts (more are due). A delivery that failed wrote
 * its own wake check at its retry time; a paused subscription's wait for the operator's resume,
 * which writes one (resumeSubscription.ts).
 */
async function deliveryPass(services: Services, log: InviteLog, totals: Totals): Promise<boolean> {
  const now = services.now();
  const wakes = await services.sweeps.dueIn('dlv', shardOf(webhookPartition), now);
  const fannedOut = await fanOut(services);
  const report = await deliverDue(services, log);
  totals.events += fannedOut;
  totals.delivered += report.delivered;
  const full = report.delivered + report.failed + report.dead >= services.config.webhooks.batchSize;
  if (!full) for (const wake of wakes) await services.sweeps.complete(wake);
  return full || fannedOut >= services.config.webhooks.batchSize;
}

async function pass(services: Services, log: InviteLog, totals: Totals, stopAt: number): Promise<boolean> {
  totals.passes++;
  const [invitations, replay, delivery] = await Promise.allSettled([
    sweepInvitations(services, log, stopAt),
    replayPendingNotifications(services, stopAt),
    deliveryPass(services, log, totals),
  ]);
  let more = false;
  if (invitations.status === 'fulfilled') {
    totals.sent += invitations.value.sent;
    totals.finalized += invitations.value.finalized;
    more ||= invitations.value.more === true;
  }
  if (replay.status === 'fulfilled') {
    totals.replayed += replay.value.applied;
    more ||= replay.value.more;
  }
  if (delivery.status === 'fulfilled') more ||= delivery.value;
  for (const r of [invitations, replay, delivery]) if (r.status === 'rejected') totals.failures.push(r.reason);
  return more;
}

/**
 * One run of the sweeps' once-a-minute timer. First one request: is any open work due before this
 * run ends (SweepIndex.anyDue)? With nothing open that is the whole run, so an idle app costs one
 * execution and one storage request a minute. Otherwise passes over the due work, a pass every
 * 10 s (at once again when a pass left work), for SWEEP_RUN_SECONDS (0: one pass), stopping early
 * once nothing more falls due before the run's end; a pass starts no new work after 45 s, so a run
 * ends within its minute and no tick is skipped. What is due later waits for the next tick.
 */
export async function runBackground(services: Services, log: InviteLog, startedAt = Date.now()): Promise<BackgroundReport> {
  const stopAt = startedAt + services.config.sweeps.runMs;
  const passStop = startedAt + Math.max(services.config.sweeps.runMs, passBudgetMs);
  const dueBeforeEnd = () => services.sweeps.anyDue(new Date(services.now().getTime() + Math.max(0, stopAt - Date.now())));
  const totals: Totals = { passes: 0, sent: 0, finalized: 0, replayed: 0, events: 0, delivered: 0, failures: [] };
  // Calls stored before the index existed get their checks first (after that, one read per process).
  await backfillSweepIndex(services.storage, services.sweeps, services.now());
  if (await dueBeforeEnd()) {
    for (;;) {
      const passStart = Date.now();
      // (The first check already said "due now" when the run is one pass.)
      const dueNow = (totals.passes === 0 && stopAt <= startedAt) || (await services.sweeps.anyDue(services.now()));
      const more = dueNow && (await pass(services, log, totals, passStop));
      if (passStart + passIntervalMs >= stopAt || Date.now() >= stopAt) break;
      if (more) continue;
      if (!(await dueBeforeEnd())) break;
      await sleep(Math.max(0, passStart + passIntervalMs - Date.now()));
    }
  }
  const [failure] = totals.failures;
  if (failure !== undefined) throw failure;
  return { ...totals, failures: totals.failures.length };
}
