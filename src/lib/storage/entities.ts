import { encodeKey } from './keys';
import type { Invitation, Invitee, InvitationStatus, OutcomeReason } from '../domain/invitation';
import { isTerminal } from '../domain/invitation';
import type { ResultInfo } from '../domain/resultInfo';
import type { Sending } from '../domain/sending';
import type { Caller } from '../domain/caller';
import type { CallOrigin, CallRecord } from '../domain/roster';

/*
 * One table, one partition per call: the call row, its invitations and its roster live together,
 * so one partition query reads everything a notification needs and one transaction writes it.
 * RowKeys: "call", "inv_<clientContext>", "ros_<bucket>" (rosterBuckets.ts), "inb_<received>"
 * (inbox.ts), "ver" (storedCall.ts), the timeline's "evt_..." (timelineRows.ts) and the webhook
 * outbox's "obx_..." (outbox.ts); keys percent-encoded.
 */

export type TableEntity = { partitionKey: string; rowKey: string } & Record<string, unknown>;

export const callRowKey = 'call';
export const invitationPrefix = 'inv_';
/** The first character after '_', so ['inv_', 'inv`') is exactly the invitation rows. */
export const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + '`';

export const partitionKeyOf = (callId: string): string => encodeKey(callId);
/** RowKeys hold at most 1 KiB of UTF-16 (512 characters). */
const maxRowKeyChars = 512;

/**
 * Percent-encoded where that fits; a clientContext of 256 characters like `%` or `?` would be 768,
 * so those rows use base64url after `!` (which encodeKey always escapes: no collision).
 */
export function invitationRowKey(clientContext: string): string {
  const readable = invitationPrefix + encodeKey(clientContext);
  if (readable.length <= maxRowKeyChars) return readable;
  return `${invitationPrefix}!${Buffer.from(clientContext.toWellFormed(), 'utf8').toString('base64url')}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function json<T>(value: unknown): T | undefined {
  return typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : undefined;
}

export function invitationToEntity(inv: Invitation): TableEntity {
  return {
    partitionKey: partitionKeyOf(inv.callId),
    rowKey: invitationRowKey(inv.clientContext),
    callId: inv.callId,
    clientContext: inv.clientContext,
    status: inv.status,
    // Lets the timeout sweep filter open invitations in the query instead of reading all.
    // Unsent ones are not ringing, so no deadline applies to them.
    open: !isTerminal(inv.status) && inv.sending?.state !== 'unsent',
    outcomeReason: inv.outcomeReason ?? '',
    operationId: inv.operationId ?? '',
    resultInfo: inv.resultInfo ? JSON.stringify(inv.resultInfo) : '',
    graphRequestId: inv.graphRequestId ?? '',
    invitees: JSON.stringify(inv.invitees),
    requestHash: inv.requestHash,
    createdAt: inv.createdAt,
    updatedAt: inv.updatedAt,
    completedAt: inv.completedAt ?? '',
    deadline: new Date(inv.deadline),
    // Plain columns so the sweep can query rows that no request ever tried to send.
    sendState: inv.sending?.state ?? 'sent',
    sendAttempts: inv.sending?.attempts ?? 0,
    sending: inv.sending ? JSON.stringify(inv.sending) : '',
    invitedBy: inv.invitedBy ? JSON.stringify(inv.invitedBy) : '',
    cancelRequestedAt: inv.cancelRequestedAt ?? '',
    viaMeetingLink: inv.viaMeetingLink === true,
  };
}

export function invitationFromEntity(e: Record<string, unknown>): Invitation {
  const deadline = e.deadline instanceof Date ? e.deadline.toISOString() : String(e.deadline);
  return {
    callId: String(e.callId),
    clientContext: String(e.clientContext),
    status: String(e.status) as InvitationStatus,
    outcomeReason: str(e.outcomeReason) as OutcomeReason | undefined,
    operationId: str(e.operationId),
    resultInfo: json<ResultInfo>(e.resultInfo),
    graphRequestId: str(e.graphRequestId),
    invitees: json<Invitee[]>(e.invitees) ?? [],
    requestHash: String(e.requestHash ?? ''),
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    completedAt: str(e.completedAt),
    deadline,
    sending: json<Sending>(e.sending),
    invitedBy: json<Caller>(e.invitedBy),
    cancelRequestedAt: str(e.cancelRequestedAt),
    ...(e.viaMeetingLink === true ? { viaMeetingLink: true } : {}),
  };
}

export function callToEntity(c: CallRecord): TableEntity {
  return {
    partitionKey: partitionKeyOf(c.callId),
    rowKey: callRowKey,
    callId: c.callId,
    state: c.state ?? '',
    resultInfo: c.resultInfo ? JSON.stringify(c.resultInfo) : '',
    terminatedAt: c.terminatedAt ?? '',
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    establishedAt: c.establishedAt ?? '',
    origin: c.origin ? JSON.stringify(c.origin) : '',
    hangUp: c.hangUp ? JSON.stringify(c.hangUp) : '',
  };
}

export function callFromEntity(e: Record<string, unknown>): CallRecord {
  return {
    callId: String(e.callId),
    state: str(e.state),
    resultInfo: json<ResultInfo>(e.resultInfo),
    terminatedAt: str(e.terminatedAt),
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    establishedAt: str(e.establishedAt),
    origin: json<CallOrigin>(e.origin),
    hangUp: json<NonNullable<CallRecord['hangUp']>>(e.hangUp),
  };
}
