import { StorageUnavailableError } from '../errors/appError';
import { foldNotifications, withChanges, type ItemOutcome } from '../domain/foldNotifications';
import { newInboxEntry } from '../storage/inbox';
import { sweepEntry } from '../storage/sweepIndex';
import type { NotificationItem } from '../domain/notification';
import { classifyItem } from '../graph/notificationItem';
import { timelineEvents } from '../domain/timelineEvents';
import { closeInvitationChecks, newlyFinished } from './closeChecks';
import { recordOutcomes } from './outcomeMetrics';
import { afterCallStates } from './callStateHooks';
import { actOnIncoming, incomingToActOn } from './incomingCallService';
import { scheduleSettling } from './settleService';
import type { Services } from './services';

export interface NotificationLog {
  warn(message: string, fields: Record<string, unknown>): void;
  info?(message: string, fields: Record<string, unknown>): void;
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
 * Applies a call's pending inbox entries (oldest first), then `fresh` items, and deletes those
 * entries in the same writes: each acknowledged notification takes effect exactly once, whoever
 * gets to it first.
 */
export async function applyInbox(services: Services, callId: string, fresh: readonly NotificationItem[] = [], options: { readonly read?: boolean; readonly log?: NotificationLog } = {}): Promise<ItemOutcome[]> {
  const { outcomes, events, changes, finished, after } = await services.calls.modifyCall(
    callId,
    (stored) => {
      const pending = stored.inbox.filter((e) => !e.dead);
      const items = [...pending.flatMap((e) => e.items), ...fresh];
      const folded = foldNotifications(stored.snapshot, items, services.now());
      // What the change did, as timeline events: written with it, and counted once it is.
      const events = timelineEvents(stored.snapshot, folded.changes);
      const finished = newlyFinished(stored.snapshot.invitations, folded.changes.invitations);
      // The call as this write leaves it: what the hooks below decide from, without reading it again.
      const after = withChanges(stored.snapshot, folded.changes);
      return { changes: folded.changes, consumedInbox: pending.map((e) => e.rowKey), events, result: { outcomes: folded.outcomes, events, changes: folded.changes, finished, after } };
    },
    { fresh: options.read === true },
  );
  recordOutcomes(services.telemetry, callId, events);
  // The call's retention check was written with its first callback write (callStore.ts).
  await closeInvitationChecks(services, finished);
  const log = options.log;
  await afterCallStates(services, after, outcomes, log ? { info: () => undefined, warn: (m, f) => log.warn(m, f) } : undefined);
  scheduleSettling(services, callId, changes);
  return outcomes;
}

/** Inbox entries younger than this are still being applied by the callback that recorded them. */
export const replaySettleMs = 10_000;

/**
 * Records items that could not be applied now: the replay sweep's check first (with the call's
 * retention check), then the inbox row, so a crash in between leaves a check that finds nothing
 * rather than an entry no sweep would find.
 */
async function recordForReplay(services: Services, callId: string, items: readonly NotificationItem[], receivedAt: Date): Promise<void> {
  const entry = newInboxEntry(callId, items, receivedAt);
  const due = new Date(receivedAt.getTime() + replaySettleMs);
  // Single writes, not a transaction: this is the path taken when transactions fail (throttling).
  await services.sweeps.schedule([sweepEntry('inb', callId, entry.rowKey, due)]);
  await services.sweeps.schedule([services.sweeps.purgeCheck(callId, receivedAt)]);
  await services.inbox.recordInbox(entry);
}

/**
 * The callback's work. Applied and stored is acknowledged; if applying fails (storage throttling,
 * an outage, lost races), the items are recorded in the inbox instead and the replay timer applies
 * them; if even that fails the error propagates (503), so Graph delivers again. Either way nothing
 * acknowledged is lost, and idempotent application makes every redelivery harmless.
 */
export async function acceptNotifications(
  services: Services,
  rawItems: readonly unknown[],
  log: NotificationLog,
): Promise<ItemOutcome[]> {
  const items = rawItems.map(classifyItem);
  const ignored: ItemOutcome[] = items.filter((i) => i.kind === 'ignored').map((item) => ({ item, result: 'ignored' as const }));
  const receivedAt = services.now();
  const applied = await Promise.all(
    [...byCall(items)].map(async ([callId, callItems]) => {
      const incomingLog = { warn: (m: string, f: Record<string, unknown>) => log.warn(m, f), info: (m: string, f: Record<string, unknown>) => log.info?.(m, f) };
      let outcomes: ItemOutcome[];
      try {
        outcomes = await applyInbox(services, callId, callItems, { log });
      } catch (error) {
        // Storage unreachable: recording would fail the same way, so answer 503 now.
        if (error instanceof StorageUnavailableError && error.unreachable) throw error;
        // Not recorded now: the call is still answered before the items wait for the replay.
        for (const item of incomingToActOn(callItems)) await actOnIncoming(services, item, incomingLog);
        await recordForReplay(services, callId, callItems, receivedAt);
        services.telemetry.metrics.notification('inboxed', 'any', callItems.length);
        log.warn('notification recorded, applying it later', { callId, error: error instanceof Error ? error.name : 'error', items: callItems.length });
        return [] as ItemOutcome[];
      }
      // A call ringing the bot is answered (or rejected) now, in this invocation: Graph waits 15 s at most.
      for (const item of incomingToActOn(callItems, outcomes)) await actOnIncoming(services, item, incomingLog);
      return outcomes;
    }),
  );
  const outcomes = [...ignored, ...applied.flat()];
  for (const { item, result } of outcomes) services.telemetry.metrics.notification(result, item.kind);
  return outcomes;
}
