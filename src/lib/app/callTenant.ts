import type { AppConfig } from '../config/config';
import { AppError } from '../errors/appError';
import type { CallTarget } from '../graph/createCallBody';

/**
 * The tenant a call is placed in: a classic link's own (Tid), else the one the request names, else
 * the bot's. It must be one the app serves (API_ALLOWED_TENANTS, or BOT_TENANT_ID): a meeting of
 * another organisation is refused before Graph is called.
 */
export function callTenant(config: AppConfig, target: CallTarget, requested: string | undefined): string | undefined {
  const fromLink = target.kind === 'meeting' && target.meeting.kind === 'classic' ? target.meeting.tenantId : undefined;
  const tenant = (fromLink ?? requested ?? config.bot.tenantId)?.toLowerCase();
  const allowed = new Set([...config.apiAuth.tenants, ...(config.bot.tenantId ? [config.bot.tenantId] : [])].map((t) => t.toLowerCase()));
  if (tenant !== undefined && allowed.size > 0 && !allowed.has(tenant)) {
    throw new AppError('meeting-not-joinable', 400, 'The bot cannot join this meeting', {
      detail: `The ${fromLink ? "meeting's organizer is in tenant" : 'call is for tenant'} ${tenant}, which this app does not serve (API_ALLOWED_TENANTS, BOT_TENANT_ID).`,
      extensions: { field: fromLink ? 'joinLink' : 'tenantId', reason: 'tenantNotAllowed' },
    });
  }
  return tenant;
}
