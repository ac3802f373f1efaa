import type { InboxEntry } from '../storage/inbox';
import { sweepEntry } from '../storage/sweepIndex';
import { applyInbox } from './notificationService';
import type { Services } from './services';
import { sweepShards } from './shardPass';

/** After this many failed replays an entry is dead-lettered: kept, listed for operators, not retried. */
export const maxReplayAttempts = 10;

export interface ReplayReport {
  readonly calls: number;
  readonly applied: number;
  readonly failed: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'error';
}

/**
 * Applies a call's pending entries from a fresh read (a copy in the cache may predate them), or
 * counts a failed attempt on each. Returns whether anything is left for a later replay.
 */
async function replayCall(services: Services, callId: string, entries: readonly InboxEntry[]): Promise<{ applied: number; failed: number; retry: boolean }> {
  if (entries.length === 0) return { applied: 0, failed: 0, retry: false };
  try {
    await applyInbox(services, callId, [], { read: true });
    services.telemetry.metrics.notification('replayed', 'any', entries.reduce((n, e) => n + e.items.length, 0));
    return { applied: entries.length, failed: 0, retry: false };
  } catch (error) {
    for (const entry of entries) {
      let deadLettered = false;
      await services.inbox.updateInbox(entry, (e) => {
        const dead = e.attempts + 1 >= maxReplayAttempts;
        deadLettered = dead && !e.dead;
        return { ...e, attempts: e.attempts + 1, dead, lastError: describe(error) };
      });
      // Counted once, when it happens: the "notifications dead-lettered" alert watches this.
      if (deadLettered) services.telemetry.metrics.notification('deadLettered', 'any', entry.items.length);
    }
    return { applied: 0, failed: entries.length, retry: entries.some((e) => e.attempts + 1 < maxReplayAttempts) };
  }
}

/**
 * The replay sweep, one pass (shardPass.ts): applies acknowledged notifications that the callback
 * could not apply. It reads the due checks ("inb" index rows) and the inbox of those calls only; a
 * check ends once nothing is left to retry (applied, or dead-lettered for operators).
 */
export async function replayPendingNotifications(services: Services, stopAt?: number): Promise<ReplayReport & { readonly more: boolean }> {
  let calls = 0;
  let applied = 0;
  let failed = 0;
  const pass = await sweepShards(
    services,
    'inb',
    async (callChecks) => {
      const [first] = callChecks;
      if (!first) return;
      calls++;
      const pending = (await services.inbox.listCallInbox(first.callId)).filter((e) => !e.dead);
      const report = await replayCall(services, first.callId, pending);
      applied += report.applied;
      failed += report.failed;
      if (!report.retry) for (const check of callChecks) await services.sweeps.complete(check);
    },
    stopAt,
  );
  const [failure] = pass.failures;
  if (failure !== undefined) throw failure;
  return { calls, applied, failed, more: pass.more };
}

/** Operators: revive dead-lettered entries (of one call, or all) and apply them now. */
export async function replayDeadNotifications(services: Services, callId?: string): Promise<ReplayReport> {
  const dead = (await services.inbox.listInbox({ dead: true })).filter((e) => callId === undefined || e.callId === callId);
  const byCall = new Map<string, InboxEntry[]>();
  for (const e of dead) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  let applied = 0;
  let failed = 0;
  for (const [id, entries] of byCall) {
    // Revived entries are pending again: the replay sweep must find them if this attempt fails.
    await services.sweeps.schedule([sweepEntry('inb', id, 'revived', services.now())]);
    for (const entry of entries) await services.inbox.updateInbox(entry, (e) => ({ ...e, dead: false, attempts: 0 }));
    const report = await replayCall(services, id, entries.map((e) => ({ ...e, dead: false, attempts: 0 })));
    applied += report.applied;
    failed += report.failed;
  }
  return { calls: byCall.size, applied, failed };
}
