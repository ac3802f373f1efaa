import { foldNotifications, type ItemOutcome } from './foldNotifications';
import { classifyItem, type NotificationItem } from './notificationItem';
import type { Services } from './services';

/** Groups items by call, keeping delivery order within each call. */
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
 * Applies a notification envelope's items to the stored calls. Items that are not understood are
 * reported as ignored and change nothing; calls are independent and processed in parallel.
 */
export async function processNotifications(services: Services, rawItems: readonly unknown[]): Promise<ItemOutcome[]> {
  const items = rawItems.map(classifyItem);
  const outcomes: ItemOutcome[] = items
    .filter((i) => i.kind === 'ignored')
    .map((item) => ({ item, result: 'ignored' as const }));
  const groups = [...byCall(items)];
  const results = await Promise.all(
    groups.map(async ([callId, callItems]) => {
      let callOutcomes: ItemOutcome[] = [];
      await services.store.updateCall(callId, (snapshot) => {
        const folded = foldNotifications(snapshot, callItems, services.now());
        callOutcomes = folded.outcomes;
        return folded.changes;
      });
      return callOutcomes;
    }),
  );
  return [...outcomes, ...results.flat()];
}
