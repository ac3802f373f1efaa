import { callSummary, type CallSummary } from '../console/callSummary';
import type { Services } from './services';

/**
 * The bot's active and recent calls. INTERIM (issue #22): until the index of open calls
 * (`GET /api/calls?state=active`, branch issue-join) lands, the calls are those with a retention
 * check (one per stored call, in the call table's sweep partitions), each read whole: bounded by
 * `limit`, newest retention check first. Replace the body with that index when it lands.
 */
export async function listCalls(services: Services, limit = 100): Promise<CallSummary[]> {
  const checks = await services.sweeps.due('pur', new Date('9999-12-31T00:00:00Z'));
  const ids = [...new Set(checks.sort((a, b) => b.due.getTime() - a.due.getTime()).map((c) => c.callId))].slice(0, limit);
  const summaries: CallSummary[] = [];
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(ids.slice(i, i + 8).map(async (id) => (await services.calls.readCall(id)).snapshot));
    summaries.push(...batch.filter((s) => s.call !== undefined || s.invitations.length > 0).map(callSummary));
  }
  return summaries.sort((a, b) => Number(b.live) - Number(a.live) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
}
