import { z } from 'zod';
import { csv } from './settingTypes';

/** `*` for everyone, otherwise a comma-separated list. */
const listOrAny = csv
  .transform((items) => (items.includes('*') ? ('any' as const) : items))
  .refine((v) => v === 'any' || v.length > 0, { message: 'must list at least one, or be *' });

/** The settings of calls that ring the bot (part of config.ts's schema; docs: settings table). */
export const incomingCallSettings = {
  // answer: answer allowed callers, reject the others (forbidden); reject: reject every call (busy);
  // leave: do nothing (another handler answers, or Graph drops the call after 15 s). Recorded either way.
  INCOMING_CALL_POLICY: z.enum(['answer', 'reject', 'leave']).default('leave'),
  // Tenants whose callers are answered (`*`: any). Default: the bot's own tenant (BOT_TENANT_ID), or any without one.
  INCOMING_CALL_ALLOWED_TENANTS: listOrAny.optional(),
  // Callers answered: user or application object ids, phone numbers in E.164 (`*`, the default: anyone in an allowed tenant).
  INCOMING_CALL_ALLOWED_CALLERS: listOrAny.optional(),
};

const schema = z.object(incomingCallSettings);

/** The policy domain/incomingPolicy.ts applies (the same shape; config does not depend on the domain). */
export interface IncomingCallConfig {
  readonly mode: 'answer' | 'reject' | 'leave';
  readonly allowedTenants: readonly string[] | 'any';
  readonly allowedCallers: readonly string[] | 'any';
}

export function incomingCallConfig(s: z.infer<typeof schema>, botTenantId: string | undefined): IncomingCallConfig {
  return {
    mode: s.INCOMING_CALL_POLICY,
    allowedTenants: s.INCOMING_CALL_ALLOWED_TENANTS ?? (botTenantId ? [botTenantId] : 'any'),
    allowedCallers: s.INCOMING_CALL_ALLOWED_CALLERS ?? 'any',
  };
}
