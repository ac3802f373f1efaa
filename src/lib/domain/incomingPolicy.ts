import type { IncomingCallInfo, RejectReason } from './incomingCall';
import { normalizeId } from './ids';

/** INCOMING_CALL_* settings: what to do with a call that rings the bot, and whom to accept. */
export interface IncomingCallPolicy {
  /** answer, reject (busy), or leave it to another handler (do nothing; Graph drops it after 15 s). */
  readonly mode: 'answer' | 'reject' | 'leave';
  /** Tenants whose callers are answered; 'any' for every tenant. */
  readonly allowedTenants: readonly string[] | 'any';
  /** Callers (object ids, or phone numbers in E.164) answered; 'any' for everyone in an allowed tenant. */
  readonly allowedCallers: readonly string[] | 'any';
}

export type IncomingDecision = { readonly action: 'answer' } | { readonly action: 'reject'; readonly reason: RejectReason } | { readonly action: 'leave' };

const same = (a: string, b: string): boolean => normalizeId(a).toLowerCase() === normalizeId(b).toLowerCase();

/** What the policy says to do with this call; a caller it does not allow is rejected as forbidden. */
export function decideIncoming(policy: IncomingCallPolicy, call: IncomingCallInfo): IncomingDecision {
  if (policy.mode === 'leave') return { action: 'leave' };
  if (policy.mode === 'reject') return { action: 'reject', reason: 'busy' };
  const { allowedTenants, allowedCallers } = policy;
  // A guest or cross-tenant caller carries its own tenant; otherwise it is the call's.
  const tenant = call.caller?.tenantId ?? call.tenantId;
  const tenantAllowed = allowedTenants === 'any' || (tenant !== undefined && allowedTenants.some((t) => same(t, tenant)));
  const caller = call.caller;
  const callerAllowed = allowedCallers === 'any' || (caller !== undefined && allowedCallers.some((c) => same(c, caller.id)));
  return tenantAllowed && callerAllowed ? { action: 'answer' } : { action: 'reject', reason: 'forbidden' };
}
