import { isLive, type Subscription } from '../domain/subscription';
import { afterFailure, recordFailure, recordSuccess } from '../domain/webhookPolicy';
import { eventPayload } from '../http/eventPayload';
import { addressed, outboxFallbackMs, type CommittedRow, type Outbox, type OutboxRow } from '../storage/outbox';
import type { SweepEntry } from '../storage/sweepIndex';
import type { Delivery } from '../storage/webhookStore';
import type { AppConfig } from '../config/config';
import type { SubscriptionCache } from '../storage/subscriptionCache';
import type { SweepIndex } from '../storage/sweepIndex';
import type { WebhookStore } from '../storage/webhookStore';
import type { WebhookSender } from '../webhooks/webhookSender';
import { inParallel } from './inParallel';

/**
 * What delivering needs of the composition root (services.ts gives all of it). Named here rather
 * than imported, so the root can hand off to immediate delivery without a cycle.
 */
export interface Services {
  readonly config: AppConfig;
  readonly sweeps: SweepIndex;
  readonly outbox: Outbox;
  readonly webhooks: WebhookStore;
  readonly webhookSender: WebhookSender;
  readonly subscriptions: SubscriptionCache;
  readonly now: () => Date;
}

export interface WebhookLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** How long a claimed delivery is hidden from other runs: one attempt and a margin. */
export const claimMs = (services: Services): number => services.config.webhooks.timeoutMs + 5_000;

/**
 * How long immediate delivery may attempt a change's events: it must be done before the row's
 * check is due (outboxFallbackMs after the change), when the timer may fan the row out.
 */
const immediateBudgetMs = outboxFallbackMs - 5_000;

/**
 * The deliveries of a row's events: to the subscriptions recorded with each event when it was
 * written, or, for rows written before those were, to the call's own and every call's (never a
 * read of all subscriptions).
 */
async function deliveriesOf(services: Services, row: OutboxRow, dueAt: Date): Promise<Delivery[]> {
  const legacy = row.events.filter((e) => e.subscribers === undefined);
  const audience: readonly Subscription[] = legacy.length === 0 ? [] : [...(await services.subscriptions.forCall(row.callId)), ...(await services.subscriptions.allCalls())];
  const now = services.now().toISOString();
  return row.events.flatMap(({ id, event, subscribers }) => {
    const to = subscribers ?? addressed([event], audience).flatMap((a) => a.to);
    if (to.length === 0) return [];
    const payload = JSON.stringify(eventPayload(services.config, event));
    return to.map((subscriptionId): Delivery => ({ subscriptionId, eventId: id, type: event.type, payload, state: 'pending', attempts: 0, firstAttemptAt: undefined, dueAt: dueAt.toISOString(), lastError: undefined, createdAt: now }));
  });
}

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

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
  readonly dead: number;
  readonly paused: number;
}
const noReport: DeliveryReport = { delivered: 0, failed: 0, dead: 0, paused: 0 };
const sum = (reports: readonly DeliveryReport[]): DeliveryReport =>
  reports.reduce((a, r) => ({ delivered: a.delivered + r.delivered, failed: a.failed + r.failed, dead: a.dead + r.dead, paused: a.paused + r.paused }), noReport);

/**
 * One subscription's deliveries, oldest first: claimed ones (the timer's, stored), or, `immediate`,
 * a change's deliveries not stored yet. After a failure the rest wait (a receiver that is down is
 * not sent everything at once); a subscription paused stops here. Immediate delivery does not
 * attempt a subscription whose receiver is failing (its deliveries keep their order: the timer takes
 * them, oldest first). `left`: what immediate delivery must store for the timer (failed, with the
 * attempt recorded, or not attempted); the timer's own are saved here.
 */
async function deliverTo(services: Services, subscriptionId: string, due: readonly Delivery[], log: WebhookLog, options: { readonly deadline: number; readonly immediate: boolean }): Promise<{ report: DeliveryReport; left: Delivery[] }> {
  const report = { delivered: 0, failed: 0, dead: 0, paused: 0 };
  const left: Delivery[] = [];
  const found = await services.webhooks.getSubscription(subscriptionId);
  const now = services.now();
  if (!found || Date.parse(found.subscription.expiresAt) <= now.getTime()) {
    // Deleted or expired: nobody to tell.
    if (!options.immediate) for (const d of due) await services.webhooks.deleteDelivery(d);
    return { report, left };
  }
  let sub: Subscription = found.subscription;
  const ordered = [...due].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (options.immediate && sub.consecutiveFailures > 0) return { report, left: ordered };
  const policy = services.config.webhooks.retry;
  for (const [index, delivery] of ordered.entries()) {
    const remaining = options.deadline - Date.now();
    if (!isLive(sub, now) || remaining <= 0) {
      left.push(...ordered.slice(index));
      break;
    }
    const outcome = await services.webhookSender.send({ url: sub.notificationUrl, secret: found.secret, id: delivery.eventId, body: delivery.payload, timeoutMs: remaining }, services.now());
    const fields = { subscriptionId, eventId: delivery.eventId, type: delivery.type, host: new URL(sub.notificationUrl).host };
    if (outcome.kind === 'accepted') {
      if (!options.immediate) await services.webhooks.deleteDelivery(delivery);
      sub = recordSuccess(sub);
      report.delivered++;
      continue;
    }
    const attempts = delivery.attempts + 1;
    const firstAttemptAt = delivery.firstAttemptAt ?? now.toISOString();
    const next = afterFailure({ attempts, firstAttemptAt }, now, policy, Math.random());
    const dead = next.kind === 'dead';
    const failed: Delivery = { ...delivery, attempts, firstAttemptAt, lastError: outcome.reason, state: dead ? 'dead' : 'pending', dueAt: next.kind === 'retry' ? next.dueAt : delivery.dueAt };
    if (options.immediate) left.push(failed, ...ordered.slice(index + 1));
    else await services.webhooks.saveDelivery(failed);
    const before = sub.status;
    sub = recordFailure(sub, now, dead, policy);
    log.warn(dead ? 'webhook delivery dead-lettered' : 'webhook delivery failed; will retry', { ...fields, attempts, reason: outcome.reason, refused: outcome.refused });
    if (dead) report.dead++;
    else report.failed++;
    if (before === 'active' && sub.status === 'paused') {
      report.paused++;
      log.warn('webhook subscription paused: its receiver kept failing', { subscriptionId, consecutiveFailures: sub.consecutiveFailures });
    }
    break;
  }
  if (sub !== found.subscription) await services.webhooks.saveSubscription(sub);
  return { report, left };
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
