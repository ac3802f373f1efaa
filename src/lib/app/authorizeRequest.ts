import type { HttpRequest } from '@azure/functions';
import { requirePermission, type AuthenticatedCaller, type Permission } from '../auth/permissions';
import type { Caller } from '../domain/caller';
import type { InviteLog } from './inviteAttempt';
import { getServices, type Services } from './services';

export interface AuthorizedRequest {
  readonly services: Services;
  readonly caller: AuthenticatedCaller;
}

/**
 * The first step of every API handler: who is calling (401 without a valid token where one is
 * needed) and, given a permission, whether they may (403 naming it). Before the request's body or
 * parameters are looked at.
 */
export async function authorizeRequest(request: HttpRequest, permission?: Permission): Promise<AuthorizedRequest> {
  const services = await getServices();
  const caller = await services.callers.authenticate(request.headers.get('authorization'));
  // Who called, as dimensions of the request's span (ids of the app and tenant, never a person's).
  services.telemetry.annotate(callerFields(caller.caller));
  if (permission) requirePermission(caller, permission);
  return { services, caller };
}

/** The caller as log fields (ids only; never the token). */
export function callerFields(caller: Caller): Record<string, string> {
  return {
    callerKind: caller.kind,
    ...(caller.id ? { callerId: caller.id } : {}),
    ...(caller.tenantId ? { callerTenantId: caller.tenantId } : {}),
    ...(caller.appId ? { callerAppId: caller.appId } : {}),
  };
}

/** A log whose every line names the caller: a dimension to filter and count invites by. */
export function withCaller(log: InviteLog, caller: Caller): InviteLog {
  const who = callerFields(caller);
  return { info: (message, fields) => log.info(message, { ...fields, ...who }), warn: (message, fields) => log.warn(message, { ...fields, ...who }) };
}
