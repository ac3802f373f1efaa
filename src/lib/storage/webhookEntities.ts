import type { Caller } from '../domain/caller';
import type { CallEventType } from '../domain/callEvent';
import type { Subscription } from '../domain/subscription';

/** Rows of the webhooks partition (webhookStore.ts): subscriptions and deliveries. */
export const webhookPartition = '!webhooks';
export const subPrefix = 'sub_';
export const dlvPrefix = 'dlv_';

export interface Delivery {
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly type: CallEventType;
  /** The JSON body sent, the same on every attempt. */
  readonly payload: string;
  readonly state: 'pending' | 'dead';
  readonly attempts: number;
  readonly firstAttemptAt: string | undefined;
  readonly dueAt: string;
  /** Why the last attempt failed: an HTTP status or an error name, never a body or a secret. */
  readonly lastError: string | undefined;
  readonly createdAt: string;
  /** The row's version as read (a claim is conditional on it); undefined for one not read. */
  readonly etag?: string;
}

export const deliveryKey = (d: Pick<Delivery, 'subscriptionId' | 'eventId'>) => `${dlvPrefix}${d.subscriptionId}_${d.eventId}`;
export function deliveryEntity(d: Delivery) {
  const { etag: _etag, ...row } = d;
  return { partitionKey: webhookPartition, rowKey: deliveryKey(d), ...row, firstAttemptAt: d.firstAttemptAt ?? '', lastError: d.lastError ?? '' };
}
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function subscriptionEntity(sub: Subscription, secret?: string) {
  return {
    partitionKey: webhookPartition,
    rowKey: subPrefix + sub.id,
    ...sub,
    events: sub.events.join(','),
    callId: sub.callId ?? '',
    owner: JSON.stringify(sub.owner),
    failingSince: sub.failingSince ?? '',
    pausedAt: sub.pausedAt ?? '',
    ...(secret === undefined ? {} : { secret }),
  };
}

export function subscriptionOf(e: Record<string, unknown>): Subscription {
  return {
    id: String(e.id),
    notificationUrl: String(e.notificationUrl),
    events: String(e.events).split(',').filter(Boolean) as CallEventType[],
    callId: str(e.callId),
    scope: e.scope === 'own' ? 'own' : 'all',
    owner: JSON.parse(String(e.owner)) as Caller,
    status: e.status === 'paused' ? 'paused' : 'active',
    createdAt: String(e.createdAt),
    expiresAt: String(e.expiresAt),
    consecutiveFailures: Number(e.consecutiveFailures ?? 0),
    failingSince: str(e.failingSince),
    pausedAt: str(e.pausedAt),
  };
}

export function deliveryOf(e: Record<string, unknown>): Delivery {
  return {
    subscriptionId: String(e.subscriptionId),
    eventId: String(e.eventId),
    type: String(e.type) as CallEventType,
    payload: String(e.payload),
    state: e.state === 'dead' ? 'dead' : 'pending',
    attempts: Number(e.attempts ?? 0),
    firstAttemptAt: str(e.firstAttemptAt),
    dueAt: String(e.dueAt),
    lastError: str(e.lastError),
    createdAt: String(e.createdAt),
    etag: typeof e.etag === 'string' ? e.etag : undefined,
  };
}


/**
 * Where a subscription is also written, so that whoever decides an event knows who wants it without
 * reading every subscription: a subscription for one call as a `whk_<id>` row in that call's own
 * partition (read with the call, and its write changes the call's version, so a writer deciding from a
 * copy that lacks it is refused and reads again); one for every call as `sba_<id>` here, next to the
 * `sba` row whose ETag changes with the set (subscriptionCache.ts reads both in one range).
 */
export const callHookPrefix = 'whk_';
export const allCallsVersionKey = 'sba';
export const allCallsPrefix = 'sba_';
/** The first key after the all-calls rows: ['sba', 'sbb') is the version row and every `sba_` row. */
export const allCallsEnd = 'sbb';

/** The copy of a subscription an index row holds: what deciding who wants an event needs, never the secret. */
export const subscriptionCopy = (sub: Subscription, partitionKey: string, rowKey: string) => ({ ...subscriptionEntity(sub), partitionKey, rowKey });
