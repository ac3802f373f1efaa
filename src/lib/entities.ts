import { decodeKey, encodeKey } from './ids';
import type { Invitation, Invitee, InvitationStatus, OutcomeReason } from './invitation';
import { isTerminal } from './invitation';
import type { ParticipantIdentity } from './identity';
import type { ResultInfo } from './resultInfo';
import type { CallRecord, RosterEntry } from './roster';

/*
 * One table, one partition per call: the call row, its invitations and its roster live together,
 * so one partition query reads everything a notification needs and one transaction writes it.
 * RowKeys: "call", "inv_<clientContext>", "par_<participantId>" (keys percent-encoded).
 */

export type TableEntity = { partitionKey: string; rowKey: string } & Record<string, unknown>;

export const callRowKey = 'call';
export const invitationPrefix = 'inv_';
export const participantPrefix = 'par_';
/** The first character after '_', so ['inv_', 'inv`') is exactly the invitation rows. */
export const prefixEnd = (prefix: string): string => prefix.slice(0, -1) + '`';

export const partitionKeyOf = (callId: string): string => encodeKey(callId);
export const invitationRowKey = (clientContext: string): string => invitationPrefix + encodeKey(clientContext);
export const participantRowKey = (participantId: string): string => participantPrefix + encodeKey(participantId);

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
    // Indexed-looking flag so the timeout sweep can filter open invitations cheaply.
    open: !isTerminal(inv.status),
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
  };
}

export function rosterToEntity(callId: string, r: RosterEntry): TableEntity {
  return {
    partitionKey: partitionKeyOf(callId),
    rowKey: participantRowKey(r.participantId),
    participantId: r.participantId,
    identity: r.identity ? JSON.stringify(r.identity) : '',
    identityKey: r.identityKey ?? '',
    endpointType: r.endpointType ?? '',
    isMuted: r.isMuted ?? null,
    isInLobby: r.isInLobby ?? null,
    present: r.present,
    joinedAt: r.joinedAt ?? '',
    leftAt: r.leftAt ?? '',
    removalReason: r.removalReason ?? '',
    sequence: r.sequence === undefined ? '' : String(r.sequence),
    invitationClientContext: r.invitationClientContext ?? '',
    updatedAt: r.updatedAt,
  };
}

export function rosterFromEntity(e: Record<string, unknown>): RosterEntry {
  const seq = str(e.sequence);
  return {
    participantId: String(e.participantId ?? decodeKey(String(e.rowKey).slice(participantPrefix.length))),
    identity: json<ParticipantIdentity>(e.identity),
    identityKey: str(e.identityKey),
    endpointType: str(e.endpointType),
    isMuted: typeof e.isMuted === 'boolean' ? e.isMuted : undefined,
    isInLobby: typeof e.isInLobby === 'boolean' ? e.isInLobby : undefined,
    present: e.present === true,
    joinedAt: str(e.joinedAt),
    leftAt: str(e.leftAt),
    removalReason: str(e.removalReason),
    sequence: seq === undefined ? undefined : Number(seq),
    invitationClientContext: str(e.invitationClientContext),
    updatedAt: String(e.updatedAt),
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
  };
}
