import { callSummary, type CallSummary } from '../console/callSummary';
import { listActiveCalls } from './activeCallsService';
import type { Services } from './services';

/**
 * The bot's active and recent calls: the calls it placed or answered that are still on, from the
 * index of open calls (`GET /api/calls?state=active`), then the other stored calls, found by their
 * retention check (one per stored call, in the call table's sweep partitions; calls the app only
 * heard of through notifications are there too), newest check first; each read whole, `limit` in
 * all. The recent part reads every retention check: when the app keeps many thousands of calls, a
 * time-ordered index of ended calls should replace it.
 */
export async function listCalls(services: Services, limit = 100): Promise<CallSummary[]> {
  const [active, checks] = await Promise.all([listActiveCalls(services), services.sweeps.due('pur', new Date('9999-12-31T00:00:00Z'))]);
  const recent = checks.sort((a, b) => b.due.getTime() - a.due.getTime()).map((c) => c.callId);
  const ids = [...new Set([...active.map((c) => c.callId), ...recent])].slice(0, limit);
  const summaries: CallSummary[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(ids.slice(i, i + 8).map(async (id) => (await services.calls.readCall(id)).snapshot));
    summaries.push(...batch.filter((s) => s.call !== undefined || s.invitations.length > 0).map(callSummary));
  }
  return summaries.sort((a, b) => Number(b.live) - Number(a.live) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
}
