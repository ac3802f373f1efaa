import { wants, isLive, type Subscription } from '../domain/subscription';
import { afterFailure, recordFailure, recordSuccess } from '../domain/webhookPolicy';
import { eventPayload } from '../http/eventPayload';
import type { Delivery } from '../storage/webhookStore';
import type { Services } from './services';

export interface WebhookLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/**
 * Moves events from the outbox to a delivery row per subscription that wants them, deletes the
 * outbox row, then its index row. A crash in between fans out again: the delivery rows are keyed by
 * subscription and event, so nothing is recorded twice. An index row whose outbox row is missing
 * (its change lost a race and was never written, or fanned out already) is simply closed.
 */
export async function fanOut(services: Services, stopAt = Infinity): Promise<number> {
  const due = (await services.sweeps.due('evt', services.now())).slice(0, services.config.webhooks.batchSize);
  if (due.length === 0) return 0;
  const subscriptions = await services.webhooks.listSubscriptions();
  const now = services.now().toISOString();
  let count = 0;
  for (const entry of due) {
    // A timer run's time is up (backgroundRun.ts): the rest waits for the next pass.
    if (Date.now() >= stopAt) break;
    const row = await services.outbox.get(entry.callId, entry.subject);
    if (row) {
      const deliveries: Delivery[] = row.events.flatMap(({ id, event }) => {
        const wanting = subscriptions.filter((s) => wants(s, event) && s.expiresAt > event.occurredAt);
        if (wanting.length === 0) return [];
        const payload = JSON.stringify(eventPayload(services.config, event));
        return wanting.map((sub): Delivery => ({ subscriptionId: sub.id, eventId: id, type: event.type, payload, state: 'pending', attempts: 0, firstAttemptAt: undefined, dueAt: now, lastError: undefined, createdAt: now }));
      });
      await services.webhooks.addDeliveries(deliveries);
      await services.outbox.remove(row);
      count += row.events.length;
    }
    await services.sweeps.complete(entry);
  }
  return count;
}

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
  readonly dead: number;
  readonly paused: number;
}

/**
 * One subscription's due deliveries, oldest first. After a failure the rest wait for the next run
 * (a receiver that is down is not sent everything at once); a subscription paused stops here.
 */
async function deliverTo(services: Services, subscriptionId: string, due: readonly Delivery[], log: WebhookLog): Promise<DeliveryReport> {
  const report = { delivered: 0, failed: 0, dead: 0, paused: 0 };
  const found = await services.webhooks.getSubscription(subscriptionId);
  const now = services.now();
  if (!found || Date.parse(found.subscription.expiresAt) <= now.getTime()) {
    // Deleted or expired: nobody to tell.
    for (const d of due) await services.webhooks.deleteDelivery(d);
    return report;
  }
  let sub: Subscription = found.subscription;
  const policy = services.config.webhooks.retry;
  for (const delivery of due) {
    if (!isLive(sub, now)) break;
    const outcome = await services.webhookSender.send({ url: sub.notificationUrl, secret: found.secret, id: delivery.eventId, body: delivery.payload }, services.now());
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

/** Attempts the due deliveries (at most WEBHOOK_BATCH_SIZE per run), subscriptions side by side. */
export async function deliverDue(services: Services, log: WebhookLog): Promise<DeliveryReport> {
  const due = await services.webhooks.deliveries({ dueBy: services.now(), limit: services.config.webhooks.batchSize });
  const bySubscription = Map.groupBy(due, (d) => d.subscriptionId);
  const reports = await Promise.all([...bySubscription].map(([id, list]) => deliverTo(services, id, list, log)));
  return reports.reduce((a, r) => ({ delivered: a.delivered + r.delivered, failed: a.failed + r.failed, dead: a.dead + r.dead, paused: a.paused + r.paused }), { delivered: 0, failed: 0, dead: 0, paused: 0 });
}
