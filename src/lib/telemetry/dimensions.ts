import type { Attributes } from '@opentelemetry/api';

/*
 * The dimensions telemetry may carry: ids the app, Graph or the caller chose, outcomes and counts.
 * An allow-list, not a deny-list: a field is exported only if it is named here, so a display name,
 * a phone number, an invitee's user id, a token or a key can never reach Application Insights by
 * being added to a log line. (`callerId` is left out: for a person's delegated token it is their
 * user object id; `callerAppId` names the client app.)
 */
const allowed = new Set([
  // what the telemetry is about
  'callId',
  'clientContext',
  'operationId',
  'invitationId',
  // Graph's ids for a request or a delivery
  'graphRequestId',
  'scenarioId',
  'clientRequestId',
  'skypeChainId',
  'tenantId',
  // who asked (ids of the caller's app and tenant, never of a person)
  'callerKind',
  'callerAppId',
  'callerTenantId',
  // what happened
  'outcome',
  'result',
  'reason',
  'status',
  'state',
  'kind',
  'mode',
  'operation',
  'graphStatus',
  'graphErrorCode',
  'code',
  'subcode',
  'seconds',
  'error',
  // counts
  'participants',
  'items',
  'calls',
  'applied',
  'failed',
  'finalized',
  'sent',
  'rows',
  'attempts',
  'events',
]);

/** Values longer than this are cut: a clientContext is at most 256 characters. */
const maxLength = 256;

/** Whether telemetry may carry a field of this name. */
export const isDimension = (name: string): boolean => allowed.has(name);

/** The allowed fields of `fields` whose values are plain strings, numbers or booleans. */
export function dimensionsOf(fields: Readonly<Record<string, unknown>>): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!allowed.has(name)) continue;
    if (typeof value === 'string') attributes[name] = value.slice(0, maxLength);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') attributes[name] = value;
  }
  return attributes;
}
