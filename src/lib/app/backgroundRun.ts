// Longer than 150 lines because the minute run's jobs, and how each makes its passes, are read in one place.
import { setTimeout as sleep } from 'node:timers/promises';
import { webhookPartition } from '../storage/webhookStore';
import { backfillSweepIndex } from '../storage/sweepBackfill';
import { shardOf, type SweepKind } from '../storage/sweepIndex';
import { sweepInvitations } from './finalizeService';
import { sweepCallDeadlines } from './hangUpService';
import type { InviteLog } from './inviteAttempt';
import { replayPendingNotifications } from './replayService';
import { settlePendingDepartures } from './settleService';
import type { Services } from './services';
import { passBudgetMs } from './shardPass';
import { deliverDue, fanOut, type DeliveryReport, type WebhookLog } from './webhookDispatcher';

/** While work is open, a pass every 10 s (the old delivery timer's period). */
export const passIntervalMs = 10_000;

export interface BackgroundReport {
  readonly passes: number;
  readonly hungUp: number;
  readonly sent: number;
  readonly finalized: number;
  readonly replayed: number;
  readonly settled: number;
  readonly events: number;
  readonly delivered: number;
  readonly failures: number;
}

interface Totals {
  passes: number;
  hungUp: number;
  sent: number;
  finalized: number;
  replayed: number;
  settled: number;
  events: number;
  delivered: number;
  failures: unknown[];
}

/**
 * Fan-out and the due deliveries (webhookDispatcher.ts: claimed, WEBHOOK_CONCURRENCY at once,
 * nothing started or waited on past `stopAt`), then the "dlv" wake checks that were due: done,
 * unless the pass made a full batch of attempts (more are due). Every pending delivery has a wake
 * check at its due time: a failed attempt (the timer's or immediate delivery's) wrote one at its
 * retry time, a claim one at the claim's end (for a claimer that dies); a paused subscription's
 * wait for the operator's resume, which writes one (resumeSubscription.ts). What immediate
 * delivery did not finish is an "evt" check 15 s after its change (outbox.ts). Says whether more
 * may be due.
 */
export async function webhookPass(services: Services, log: WebhookLog, stopAt: number): Promise<{ readonly events: number; readonly report: DeliveryReport; readonly more: boolean }> {
  const now = services.now();
  const wakes = await services.sweeps.dueIn('dlv', shardOf(webhookPartition), now);
  const events = await fanOut(services, stopAt);
  const report = await deliverDue(services, log, stopAt);
  const full = report.delivered + report.failed + report.dead >= services.config.webhooks.batchSize;
  if (!full) for (const wake of wakes) await services.sweeps.complete(wake);
  return { events, report, more: full || events >= services.config.webhooks.batchSize || Date.now() >= stopAt };
}

async function deliveryPass(services: Services, log: InviteLog, totals: Totals, stopAt: number): Promise<boolean> {
  const { events, report, more } = await webhookPass(services, log, stopAt);
  totals.events += events;
  totals.delivered += report.delivered;
  return more;
}

interface Job {
  readonly kinds: readonly SweepKind[];
  readonly run: (stopAt: number) => Promise<boolean>;
}

/**
 * Passes of one job until the run's end: at once again when a pass left work, else 10 s after the
 * last one began, while anything is due before the run ends. Jobs run side by side, so a slow one
 * (a receiver that hangs) never holds up the others' passes.
 */
async function passes(services: Services, job: Job, totals: Totals, stopAt: number, passStop: number, first: boolean): Promise<void> {
  for (let pass = 0; ; pass++) {
    const passStart = Date.now();
    // (The run's first question already said "due now" when the run is one pass.)
    const dueNow = (pass === 0 && first) || (await services.sweeps.anyDue(services.now(), job.kinds));
    let more = false;
    if (dueNow) {
      totals.passes++;
      more = await job.run(passStop).catch((error: unknown) => {
        totals.failures.push(error);
        return false;
      });
    }
    if (passStart + passIntervalMs >= stopAt || Date.now() >= stopAt) return;
    if (more) continue;
    if (!(await services.sweeps.anyDue(new Date(services.now().getTime() + Math.max(0, stopAt - Date.now())), job.kinds))) return;
    await sleep(Math.max(0, passStart + passIntervalMs - Date.now()));
  }
}

/**
 * One run of the sweeps' once-a-minute timer. First one request: is any open work due before this
 * run ends (SweepIndex.anyDue)? With nothing open that is the whole run, so an idle app costs one
 * execution and one storage request a minute. Otherwise each job (invitations, replay, the webhook
 * fallback) makes passes over its due work, side by side: a pass every 10 s (at once again when a
 * pass left work) for SWEEP_RUN_SECONDS (0: one pass), stopping early once nothing of its kind
 * falls due before the run's end; a pass starts no new work 45 s into the run, so a run ends within
 * its minute and no tick is skipped. What is due later waits for the next tick.
 */
export async function runBackground(services: Services, log: InviteLog, startedAt = Date.now()): Promise<BackgroundReport> {
  const stopAt = startedAt + services.config.sweeps.runMs;
  const passStop = startedAt + Math.max(services.config.sweeps.runMs, passBudgetMs);
  const totals: Totals = { passes: 0, hungUp: 0, sent: 0, finalized: 0, replayed: 0, settled: 0, events: 0, delivered: 0, failures: [] };
  // Calls stored before the index existed get their checks first (after that, one read per process).
  await backfillSweepIndex(services.storage, services.sweeps, services.now());
  if (await services.sweeps.anyDue(new Date(services.now().getTime() + Math.max(0, stopAt - Date.now())))) {
    const onePass = stopAt <= startedAt;
    const jobs: Job[] = [
      {
        // Calls not established in time (the bot left waiting in a lobby) are hung up.
        kinds: ['cal'],
        run: async () => {
          totals.hungUp += await sweepCallDeadlines(services, log);
          return false;
        },
      },
      {
        kinds: ['inv'],
        run: async (stop) => {
          const r = await sweepInvitations(services, log, stop);
          totals.sent += r.sent;
          totals.finalized += r.finalized;
          return r.more === true;
        },
      },
      {
        kinds: ['inb'],
        run: async (stop) => {
          const r = await replayPendingNotifications(services, stop);
          totals.replayed += r.applied;
          return r.more;
        },
      },
      {
        // Departures known only from absence, settled with Graph's participant list (settleService.ts).
        kinds: ['dep'],
        run: async () => {
          totals.settled += (await settlePendingDepartures(services)).calls;
          return false;
        },
      },
      { kinds: ['evt', 'dlv'], run: (stop) => deliveryPass(services, log, totals, stop) },
    ];
    await Promise.all(jobs.map((job) => passes(services, job, totals, stopAt, passStop, onePass)));
  }
  const [failure] = totals.failures;
  if (failure !== undefined) throw failure;
  return { ...totals, failures: totals.failures.length };
}
