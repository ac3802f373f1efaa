import { outboxFallbackMs, type CommittedRow, type OutboxRow } from '../storage/outbox';
import type { SweepEntry } from '../storage/sweepIndex';
import { deliveriesOf, deliverTo, noReport, sum, type DeliveryReport, type Services, type WebhookLog } from './webhookAttempts';
import { inParallel } from './inParallel';

export type { DeliveryReport, Services, WebhookLog } from './webhookAttempts';

/*
 * The two ways an event reaches its subscribers (docs/architecture.md "Webhook delivery"): at once,
 * right after the change that stored it (deliverNow), and the minute timer's webhook job
 * (backgroundRun.ts; deliverWebhooks daily) for what that did not
 * finish (fanOut, deliverDue). Attempting one subscription's deliveries is webhookAttempts.ts.
 */

/** How long a claimed delivery is hidden from other runs: one attempt and a margin. */
export const claimMs = (services: Services): number => services.config.webhooks.timeoutMs + 5_000;

/**
 * How long immediate delivery may attempt a change's events: it must be done before the row's
 * check is due (outboxFallbackMs after the change), when the timer may fan the row out.
 */
const immediateBudgetMs = outboxFallbackMs - 5_000;

/**
 * Moves one outbox row's events to a delivery row per subscription that wants them, deletes the
 * outbox row, then its check. A crash in between fans out again: the delivery rows are keyed by
 * subscription and event, so nothing is recorded twice, and two instances fanning out the same row
 * at once create each delivery once between them.
 */
async function fanOutRow(services: Services, row: OutboxRow, check: SweepEntry): Promise<void> {
  await services.webhooks.addDeliveries(await deliveriesOf(services, row, services.now()));
  await services.outbox.remove(row);
  await services.sweeps.complete(check);
}

/**
 * The timer's fan-out: at most WEBHOOK_BATCH_SIZE due checks, WEBHOOK_CONCURRENCY at once, none
 * started after `deadline`; the rest wait for the next run. A check whose outbox row is missing
 * (its change lost a race and was never written, or it was fanned out already) is simply closed.
 */
export async function fanOut(services: Services, deadline = Number.POSITIVE_INFINITY): Promise<number> {
  const { batchSize, concurrency } = services.config.webhooks;
  const due = (await services.sweeps.due('evt', services.now())).slice(0, batchSize);
  const counts = await inParallel(due, concurrency, async (entry) => {
    const row = await services.outbox.get(entry.callId, entry.subject);
    if (!row) {
      await services.sweeps.complete(entry);
      return 0;
    }
    await fanOutRow(services, row, entry);
    return row.events.length;
  }, () => Date.now() >= deadline);
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The timer's attempts: at most WEBHOOK_BATCH_SIZE due deliveries, each claimed first (an
 * ETag-conditional write: of instances running at once, one attempts it), subscriptions side by side,
 * WEBHOOK_CONCURRENCY at once, nothing started or still waiting on a receiver after `deadline`.
 */
export async function deliverDue(services: Services, log: WebhookLog, deadline = Number.POSITIVE_INFINITY): Promise<DeliveryReport> {
  const { batchSize, concurrency } = services.config.webhooks;
  const due = await services.webhooks.deliveries({ dueBy: services.now(), limit: batchSize });
  const bySubscription = [...Map.groupBy(due, (d) => d.subscriptionId)];
  const reports = await inParallel(bySubscription, concurrency, async ([id, list]) => {
    const until = new Date(services.now().getTime() + claimMs(services));
    // A claim moves the deliveries' due time to `until`: the idle timer must wake then too, in case
    // this run dies before it saves or deletes them (backgroundRun.ts).
    await services.webhooks.wakeAt(until);
    const claimed = (await Promise.all(list.map((d) => services.webhooks.claim(d, until)))).filter((d) => d !== undefined);
    return claimed.length === 0 ? noReport : (await deliverTo(services, id, claimed, log, { deadline, immediate: false })).report;
  }, () => Date.now() >= deadline);
  return sum(reports);
}

/**
 * Right after a change's transaction committed: attempts its outbox rows' deliveries straight
 * from the row (no delivery rows for what is accepted), subscriptions side by side; stores what is
 * left (failed, or not attempted) as delivery rows for the timer; then deletes the row and its
 * check. It finishes before the check is due (immediateBudgetMs), so the timer never attempts the
 * same event meanwhile. If it stops anywhere before the row is deleted (the process dies), the
 * timer fans the row out when its check is due: an event may then be delivered twice, under its
 * one `webhook-id` (at least once). `finish: false` stops there on purpose (tests).
 */
export async function deliverNow(services: Services, committed: readonly CommittedRow[], log: WebhookLog, options: { readonly finish: boolean } = { finish: true }): Promise<DeliveryReport> {
  const { concurrency } = services.config.webhooks;
  const deadline = Date.now() + immediateBudgetMs;
  const reports = await inParallel(committed, concurrency, async ({ row, check }) => {
    const bySubscription = [...Map.groupBy(await deliveriesOf(services, row, services.now()), (d) => d.subscriptionId)];
    const results = await inParallel(bySubscription, concurrency, ([id, list]) => deliverTo(services, id, list, log, { deadline, immediate: true }));
    if (!options.finish) return noReport;
    await services.webhooks.addDeliveries(results.flatMap((r) => r.left));
    await services.outbox.remove(row);
    await services.sweeps.complete(check);
    return sum(results.map((r) => r.report));
  });
  return sum(reports);
}
