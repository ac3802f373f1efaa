import { randomUUID } from 'node:crypto';
import { AppError } from './errors';
import { partitionKeyOf, type TableEntity } from './entities';
import type { NotificationItem } from './notificationItem';

/*
 * The notification inbox: what the callback acknowledged but has not applied yet. An inbox row
 * lives in its call's partition, so the transaction that applies it also deletes it: applied
 * exactly once, or still there to be applied again.
 */

export const inboxPrefix = 'inb_';

/** Table string properties hold at most 32K UTF-16 characters; longer JSON is split. */
const chunkChars = 30_000;
// An entity holds at most 1 MiB, and Table counts strings as UTF-16.
const maxChunks = 16;

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
  const json = JSON.stringify(entry.items);
  const chunks: Record<string, string> = {};
  const count = Math.ceil(json.length / chunkChars);
  if (count > maxChunks) {
    throw new AppError('notification-too-large', 413, 'Notification too large', {
      detail: 'The notification items for one call are too large to record.',
    });
  }
  for (let i = 0; i < count; i++) chunks[`items${i}`] = json.slice(i * chunkChars, (i + 1) * chunkChars);
  return {
    partitionKey: partitionKeyOf(entry.callId),
    rowKey: entry.rowKey,
    callId: entry.callId,
    receivedAt: entry.receivedAt,
    receivedAtTime: new Date(entry.receivedAt),
    itemChunks: count,
    attempts: entry.attempts,
    dead: entry.dead,
    lastError: entry.lastError ?? '',
    ...chunks,
  };
}

export function inboxFromEntity(e: Record<string, unknown>): InboxEntry {
  const count = typeof e.itemChunks === 'number' ? e.itemChunks : 0;
  let json = '';
  for (let i = 0; i < count; i++) json += String(e[`items${i}`] ?? '');
  return {
    rowKey: String(e.rowKey),
    callId: String(e.callId),
    receivedAt: String(e.receivedAt),
    items: json ? (JSON.parse(json) as NotificationItem[]) : [],
    attempts: typeof e.attempts === 'number' ? e.attempts : 0,
    dead: e.dead === true,
    lastError: typeof e.lastError === 'string' && e.lastError !== '' ? e.lastError : undefined,
  };
}
