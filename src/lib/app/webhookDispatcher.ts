import { isLive, type Subscription } from '../domain/subscription';
import { afterFailure, recordFailure, recordSuccess } from '../domain/webhookPolicy';
import { eventPayload } from '../http/eventPayload';
import { addressed, type CommittedRow, type Outbox, type OutboxRow } from '../storage/outbox';
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
 * at once create each delivery once between them. Returns the deliveries this fan-out created: due
 * at `dueAt` (a claim until then, for whoever attempts them at once).
 */
export async function fanOutRow(services: Services, row: OutboxRow, check: SweepEntry, dueAt: Date): Promise<Delivery[]> {
  const created = await services.webhooks.addDeliveries(await deliveriesOf(services, row, dueAt));
  await services.outbox.remove(row);
  await services.sweeps.complete(check);
  return created;
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
    await fanOutRow(services, row, entry, services.now());
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
 * One subscription's claimed deliveries, oldest first. After a failure the rest wait (a receiver
 * that is down is not sent everything at once); a subscription paused stops here. `immediate`: only
 * for a subscription whose receiver is not failing (one that is keeps its order: the claims run out
 * and the timer's runs take them, oldest first).
 */
async function deliverTo(services: Services, subscriptionId: string, due: readonly Delivery[], log: WebhookLog, options: { readonly deadline: number; readonly immediate: boolean }): Promise<DeliveryReport> {
  const report = { delivered: 0, failed: 0, dead: 0, paused: 0 };
  const found = await services.webhooks.getSubscription(subscriptionId);
  const now = services.now();
  if (!found || Date.parse(found.subscription.expiresAt) <= now.getTime()) {
    // Deleted or expired: nobody to tell.
    for (const d of due) await services.webhooks.deleteDelivery(d);
    return report;
  }
  let sub: Subscription = found.subscription;
  if (options.immediate && sub.consecutiveFailures > 0) return report;
  const policy = services.config.webhooks.retry;
  for (const delivery of [...due].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const left = options.deadline - Date.now();
    if (!isLive(sub, now) || left <= 0) break;
    const outcome = await services.webhookSender.send({ url: sub.notificationUrl, secret: found.secret, id: delivery.eventId, body: delivery.payload, timeoutMs: left }, services.now());
    const fields = { subscriptionId, eventId: delivery.eventId, type: delivery.type, host: new URL(sub.notificationUrl).host };
    if (outcome.kind === 'accepted') {
      await services.webhooks.deleteDelivery(delivery);
      sub = recordSuccess(sub);
      report.delivered++;
      continue;
    }
    const attempts = delivery.attempts + 1;
    const firstAttemptAt = delivery.firstAttemptAt ?? now.toISOString();
    const next = afterFailure({ attempts, firstAttemptAt }, now, policy, Math.random());
    const dead = next.kind === 'dead';
    await services.webhooks.saveDelivery({ ...delivery, attempts, firstAttemptAt, lastError: outcome.reason, state: dead ? 'dead' : 'pending', dueAt: next.kind === 'retry' ? next.dueAt : delivery.dueAt });
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
  return report;
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
    return claimed.length === 0 ? noReport : deliverTo(services, id, claimed, log, { deadline, immediate: false });
  }, () => Date.now() >= deadline);
  return sum(reports);
}

/**
 * Right after a change's transaction committed: fans its outbox rows out with the deliveries
 * claimed (due only when the claim runs out), then attempts them, subscriptions side by side. Any
 * step that does not happen (the process dies, the receiver fails) is left to the timer: the check
 * (due a little later) finds the row, the claim runs out and the delivery is due.
 */
export async function deliverNow(services: Services, committed: readonly CommittedRow[], log: WebhookLog, options: { readonly attempt: boolean } = { attempt: true }): Promise<DeliveryReport> {
  const { concurrency } = services.config.webhooks;
  const deadline = Date.now() + claimMs(services) - 2_000;
  const until = new Date(services.now().getTime() + claimMs(services));
  const created = (await inParallel(committed, concurrency, ({ row, check }) => fanOutRow(services, row, check, until))).flat();
  if (!options.attempt) return noReport;
  const bySubscription = [...Map.groupBy(created, (d) => d.subscriptionId)];
  return sum(await inParallel(bySubscription, concurrency, ([id, list]) => deliverTo(services, id, list, log, { deadline, immediate: true })));
}
