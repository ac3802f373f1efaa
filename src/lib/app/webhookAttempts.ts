import { isLive, type Subscription } from '../domain/subscription';
import { afterFailure, recordFailure, recordSuccess } from '../domain/webhookPolicy';
import { eventPayload } from '../http/eventPayload';
import type { AppConfig } from '../config/config';
import { addressed, type Outbox, type OutboxRow } from '../storage/outbox';
import type { SubscriptionCache } from '../storage/subscriptionCache';
import type { SweepIndex } from '../storage/sweepIndex';
import type { Delivery, WebhookStore } from '../storage/webhookStore';
import type { WebhookSender } from '../webhooks/webhookSender';

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

/**
 * The deliveries of a row's events: to the subscriptions recorded with each event when it was
 * written, or, for rows written before those were, to the call's own and every call's (never a
 * read of all subscriptions).
 */
export async function deliveriesOf(services: Services, row: OutboxRow, dueAt: Date): Promise<Delivery[]> {
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

export interface DeliveryReport {
  readonly delivered: number;
  readonly failed: number;
  readonly dead: number;
  readonly paused: number;
}
export const noReport: DeliveryReport = { delivered: 0, failed: 0, dead: 0, paused: 0 };
export const sum = (reports: readonly DeliveryReport[]): DeliveryReport =>
  reports.reduce((a, r) => ({ delivered: a.delivered + r.delivered, failed: a.failed + r.failed, dead: a.dead + r.dead, paused: a.paused + r.paused }), noReport);

/**
 * One subscription's deliveries, oldest first: claimed ones (the timer's, stored), or, `immediate`,
 * a change's deliveries not stored yet. After a failure the rest wait (a receiver that is down is
 * not sent everything at once); a subscription paused stops here. Immediate delivery does not
 * attempt a subscription whose receiver is failing (its deliveries keep their order: the timer takes
 * them, oldest first). `left`: what immediate delivery must store for the timer (failed, with the
 * attempt recorded, or not attempted); the timer's own are saved here.
 */
export async function deliverTo(services: Services, subscriptionId: string, due: readonly Delivery[], log: WebhookLog, options: { readonly deadline: number; readonly immediate: boolean }): Promise<{ report: DeliveryReport; left: Delivery[] }> {
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
