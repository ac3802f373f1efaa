import { randomUUID } from 'node:crypto';
import { fromChunks, toChunks } from './chunkedJson';
import { partitionKeyOf, type TableEntity } from './entities';
import type { NotificationItem } from '../domain/notification';

/*
 * The notification inbox: what the callback acknowledged but has not applied yet. An inbox row
 * lives in its call's partition, so the transaction that applies it also deletes it: applied
 * exactly once, or still there to be applied again.
 */

export const inboxPrefix = 'inb_';

export interface InboxEntry {
  readonly rowKey: string;
  readonly callId: string;
  readonly receivedAt: string;
  readonly items: readonly NotificationItem[];
  readonly attempts: number;
  readonly dead: boolean;
  readonly lastError: string | undefined;
}

/** Row keys sort by arrival, so pending notifications are applied in the order they came. */
export function newInboxEntry(callId: string, items: readonly NotificationItem[], receivedAt: Date): InboxEntry {
  return {
    rowKey: `${inboxPrefix}${receivedAt.toISOString()}_${randomUUID()}`,
    callId,
    receivedAt: receivedAt.toISOString(),
    items,
    attempts: 0,
    dead: false,
    lastError: undefined,
  };
}

export function inboxToEntity(entry: InboxEntry): TableEntity {
  return {
    partitionKey: partitionKeyOf(entry.callId),
    rowKey: entry.rowKey,
    callId: entry.callId,
    receivedAt: entry.receivedAt,
    receivedAtTime: new Date(entry.receivedAt),
    attempts: entry.attempts,
    dead: entry.dead,
    lastError: entry.lastError ?? '',
    ...toChunks('items', entry.items),
  };
}

export function inboxFromEntity(e: Record<string, unknown>): InboxEntry {
  return {
    rowKey: String(e.rowKey),
    callId: String(e.callId),
    receivedAt: String(e.receivedAt),
    items: fromChunks<NotificationItem[]>('items', e, []),
    attempts: typeof e.attempts === 'number' ? e.attempts : 0,
    dead: e.dead === true,
    lastError: typeof e.lastError === 'string' && e.lastError !== '' ? e.lastError : undefined,
  };
}
