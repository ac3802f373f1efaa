import { foldNotifications, type ItemOutcome } from './foldNotifications';
import { newInboxEntry } from './inbox';
import { classifyItem, type NotificationItem } from './notificationItem';
import type { Services } from './services';

export interface NotificationLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Groups understood items by call, keeping delivery order within each call. */
function byCall(items: readonly NotificationItem[]): Map<string, NotificationItem[]> {
  const groups = new Map<string, NotificationItem[]>();
  for (const item of items) {
    if (item.kind === 'ignored') continue;
    const list = groups.get(item.callId) ?? [];
    list.push(item);
    groups.set(item.callId, list);
  }
  return groups;
}

/**
 * Applies every pending inbox entry of a call, oldest first, and deletes them in the same writes:
 * each acknowledged notification takes effect exactly once, whoever gets to it first.
 */
export async function applyInbox(services: Services, callId: string): Promise<ItemOutcome[]> {
  return services.store.modifyCall(callId, (stored) => {
    const pending = stored.inbox.filter((e) => !e.dead);
    const folded = foldNotifications(stored.snapshot, pending.flatMap((e) => e.items), services.now());
    return { changes: folded.changes, consumedInbox: pending.map((e) => e.rowKey), result: folded.outcomes };
  });
}

/**
 * The callback's work: record what Graph sent durably (a failure here is a 503, so Graph sends it
 * again), then apply it. Once recorded, a failure to apply is not the caller's problem: the entry
 * stays in the inbox and the replay timer applies it.
 */
export async function acceptNotifications(
  services: Services,
  rawItems: readonly unknown[],
  log: NotificationLog,
): Promise<ItemOutcome[]> {
  const items = rawItems.map(classifyItem);
  const ignored: ItemOutcome[] = items.filter((i) => i.kind === 'ignored').map((item) => ({ item, result: 'ignored' as const }));
  const groups = [...byCall(items)];
  const receivedAt = services.now();
  await Promise.all(groups.map(([callId, callItems]) => services.store.recordInbox(newInboxEntry(callId, callItems, receivedAt))));
  const applied = await Promise.all(
    groups.map(([callId]) =>
      applyInbox(services, callId).catch((error: unknown) => {
        log.warn('notification recorded, applying it later', { callId, error: error instanceof Error ? error.name : 'error' });
        return [] as ItemOutcome[];
      }),
    ),
  );
  return [...ignored, ...applied.flat()];
}
