import type { InboxEntry } from '../storage/inbox';
import { applyInbox } from './notificationService';
import type { Services } from './services';

/** After this many failed replays an entry is dead-lettered: kept, listed for operators, not retried. */
export const maxReplayAttempts = 10;
/** Entries younger than this are still being applied by the callback that recorded them. */
const settleMs = 10_000;

export interface ReplayReport {
  readonly calls: number;
  readonly applied: number;
  readonly failed: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'error';
}

async function replayCalls(services: Services, entries: readonly InboxEntry[]): Promise<ReplayReport> {
  const byCall = new Map<string, InboxEntry[]>();
  for (const e of entries) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  let applied = 0;
  let failed = 0;
  for (const [callId, callEntries] of byCall) {
    try {
      await applyInbox(services, callId);
      applied += callEntries.length;
      services.telemetry.metrics.notification('replayed', 'any', callEntries.reduce((n, e) => n + e.items.length, 0));
    } catch (error) {
      failed += callEntries.length;
      for (const entry of callEntries) {
        let deadLettered = false;
        await services.inbox.updateInbox(entry, (e) => {
          const dead = e.attempts + 1 >= maxReplayAttempts;
          deadLettered = dead && !e.dead;
          return { ...e, attempts: e.attempts + 1, dead, lastError: describe(error) };
        });
        if (deadLettered) services.telemetry.metrics.notification('deadLettered', 'any', entry.items.length);
      }
    }
  }
  return { calls: byCall.size, applied, failed };
}

/** The replay timer: applies acknowledged notifications that the callback could not apply. */
export async function replayPendingNotifications(services: Services): Promise<ReplayReport> {
  const before = new Date(services.now().getTime() - settleMs);
  return replayCalls(services, await services.inbox.listInbox({ before, dead: false }));
}

/** Operators: revive dead-lettered entries (of one call, or all) and apply them now. */
export async function replayDeadNotifications(services: Services, callId?: string): Promise<ReplayReport> {
  const dead = (await services.inbox.listInbox({ dead: true })).filter((e) => callId === undefined || e.callId === callId);
  for (const entry of dead) {
    await services.inbox.updateInbox(entry, (e) => ({ ...e, dead: false, attempts: 0 }));
  }
  return replayCalls(services, dead);
}
