import type { CallOrigin, CallRecord } from '../domain/roster';
import { callPhase } from '../domain/callPhase';
import { readCallRecord } from '../storage/callRecordRead';
import type { Services } from './services';

/** Writes how the bot came into the call onto the call's own row (created if no notification made it yet). */
export async function recordCallOrigin(services: Services, callId: string, origin: CallOrigin): Promise<void> {
  await services.calls.updateCall(callId, (snapshot) => {
    const at = services.now().toISOString();
    const base: CallRecord = snapshot.call ?? { callId, state: undefined, resultInfo: undefined, terminatedAt: undefined, createdAt: at, updatedAt: at };
    return { call: { ...base, origin, updatedAt: at }, invitations: [], roster: [] };
  });
}

/** How an answered incoming call is keyed among the active calls (its row keyed by the call id). */
export const incomingOrigin = (callId: string): CallOrigin => ({ kind: 'incoming', requestKey: `incoming:${callId}` });

/** Lists a call the bot answered among the active calls; its row must carry its origin already. */
export async function listIncomingCall(services: Services, callId: string): Promise<void> {
  const now = services.now().toISOString();
  const requestKey = incomingOrigin(callId).requestKey;
  await services.activeCalls.put({ requestKey, kind: 'incoming', state: 'created', callId, leaseUntil: undefined, requestHash: '', createdAt: now, updatedAt: now });
}

/**
 * For an incoming call recorded apart from its answer: records its origin on the call's row, then
 * lists it among the active calls. Idempotent; call it once the answer is sent. The row goes when
 * the call's terminated notification arrives (callEnded).
 */
export async function registerActiveCall(services: Services, callId: string, origin: Omit<CallOrigin, 'kind' | 'requestKey'> = {}): Promise<void> {
  // The call's row first: the list drops an index row whose call has no row (purged).
  await recordCallOrigin(services, callId, { ...origin, ...incomingOrigin(callId) });
  await listIncomingCall(services, callId);
}

/** The call ended (Graph's terminated notification): it leaves the active calls. */
export async function callEnded(services: Services, callId: string, call: CallRecord | undefined): Promise<void> {
  const requestKey = call?.origin?.requestKey;
  if (!requestKey) return;
  const row = await services.activeCalls.get(requestKey);
  if (row?.value.callId === callId) await services.activeCalls.remove(row);
}

/**
 * The calls the bot is in: the active-calls rows (open work only) and each call's own row (a point
 * read), never the history. A row whose call ended without its notification reaching us (or
 * whose call the retention purge deleted) is dropped here.
 */
export async function listActiveCalls(services: Services): Promise<CallRecord[]> {
  const rows = (await services.activeCalls.list()).filter((r) => r.value.state === 'created' && r.value.callId);
  const calls = await Promise.all(
    rows.map(async (row) => {
      const call = await readCallRecord(services.storage, row.value.callId ?? '');
      // A row turns `created` after the call's own row is written: no call row means it was purged.
      const phase = call ? callPhase(call, []) : 'failed';
      if (!call || phase === 'terminated' || phase === 'failed') {
        await services.activeCalls.remove(row);
        return undefined;
      }
      return call;
    }),
  );
  return calls.filter((c): c is CallRecord => c !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
