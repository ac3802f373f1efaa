import { isUnsettled } from '../domain/applyRoster';
import type { CallChanges } from '../domain/roster';
import { settleDepartures, unsettledDepartures } from '../domain/settleDepartures';
import { sweepEntry, type SweepEntry } from '../storage/sweepIndex';
import type { Services } from './services';

/*
 * Departures known only from someone's absence from a roster are settled before they are announced
 * (participant.left): a stale roster, arriving late, lacks people who are still in the call. Graph's
 * participant list (GET /communications/calls/{id}/participants) says who is in the call now; the
 * call's end settles the rest. Bounds: a departure waits 10 to 20 s for its check, which the 30-second
 * replay timer runs, so it is announced within about 50 s; one List participants request per call
 * and timer run, only while the call has unsettled departures; a list Graph fails to give is asked
 * again at most `maxSettleAttempts` times, after which the call's end settles them.
 */

/** How long an inferred departure waits before Graph's list is asked (a newer roster may come first). */
export const settleDelayMs = 10_000;
export const maxSettleAttempts = 3;

/** The call's check: one per 10-second window, so writes in the same window rewrite the same row. */
export function settleCheck(callId: string, from: Date, attempt = 0): SweepEntry {
  const due = Math.ceil((from.getTime() + settleDelayMs) / settleDelayMs) * settleDelayMs;
  return sweepEntry('dep', callId, `departures:${attempt}`, new Date(due));
}

/**
 * After a change: if it left departures to settle, make sure the call has a check, written behind
 * the change (sweepWriteBehind.ts: with the moment's other bookkeeping of its shard, once per
 * window). Lost with the process, the departures wait for the call's next roster or its end.
 */
export function scheduleSettling(services: Services, callId: string, changes: CallChanges): void {
  if (changes.roster.some(isUnsettled)) services.sweepWrites.upsert(settleCheck(callId, services.now()));
}

const attemptOf = (check: SweepEntry): number => Number(/^departures:(\d+)$/.exec(check.subject)?.[1] ?? 0);

/** Settles one call's unsettled departures with Graph's list; whether to ask again later. */
async function settleCall(services: Services, callId: string): Promise<'done' | 'retry'> {
  const stored = await services.calls.readCall(callId);
  const asked = unsettledDepartures(stored.snapshot.roster);
  if (asked.length === 0 || stored.snapshot.call?.state === 'terminated') return 'done';
  const listed = await services.participantList.list(callId);
  if (listed.kind === 'listed') {
    await services.calls.updateCall(callId, (snapshot) => settleDepartures(snapshot, asked, listed.participants, services.now()));
    return 'done';
  }
  // 404: the call has ended (its end settles them); other 4xx (a peer-to-peer call has no list) will not change.
  const transient = listed.kind === 'failed' || listed.status === 429 || listed.status >= 500;
  return transient ? 'retry' : 'done';
}

/** The settle sweep, run by the replay timer: due checks only, one list request per call. */
export async function settlePendingDepartures(services: Services): Promise<{ readonly calls: number; readonly retried: number }> {
  const checks = new Map<string, SweepEntry[]>();
  for (const check of await services.sweeps.due('dep', services.now())) checks.set(check.callId, [...(checks.get(check.callId) ?? []), check]);
  let retried = 0;
  for (const [callId, callChecks] of checks) {
    const attempt = Math.max(...callChecks.map(attemptOf));
    const outcome = await settleCall(services, callId);
    const again = outcome === 'retry' && attempt + 1 < maxSettleAttempts ? [settleCheck(callId, services.now(), attempt + 1)] : [];
    retried += again.length;
    for (const [i, check] of callChecks.entries()) await services.sweeps.complete(check, i === 0 ? again : []);
  }
  return { calls: checks.size, retried };
}
