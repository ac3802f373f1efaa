import { z } from 'zod';
import { asRecord } from '../domain/asRecord';
import { normalizeId } from '../domain/ids';
import { parseResource } from './resourcePath';
import { readParticipants } from './participantList';
import { parseResultInfo } from '../domain/resultInfo';
import { parseIncomingCall } from './incomingCallInfo';
import type { NotificationItem, OperationStatus } from '../domain/notification';

export const envelopeSchema = z.object({ value: z.array(z.unknown()).max(1000) });

const itemSchema = z.looseObject({
  changeType: z.string().optional(),
  resourceUrl: z.string().optional(),
  resource: z.string().optional(),
  resourceData: z.unknown().optional(),
});

const statuses: Record<string, OperationStatus> = {
  notstarted: 'notStarted',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
};

// Stryker disable all: diagnostic text for the log of ignored items; no rule reads it
const why = {
  notObject: 'item is not a notification object',
  noResource: 'item has no resourceUrl or resource',
  notOurs: 'resource is not a call, its participants or an operation',
  noOperationData: 'operation without resourceData',
  unrelatedOperation: (type: string) => `unrelated operation ${type}`,
  noStatus: 'operation status missing or unknown',
  noParticipants: 'participant notification without participants',
  noState: 'call notification without state',
};
// Stryker restore all

function odataType(value: Record<string, unknown>): string | undefined {
  const t = value['@odata.type'];
  return typeof t === 'string' ? t.toLowerCase() : undefined;
}

/** Classifies one item. Never throws: anything it does not understand is 'ignored' with a reason. */
export function classifyItem(raw: unknown): NotificationItem {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: why.notObject };
  const item = parsed.data;
  const resource = item.resourceUrl ?? item.resource;
  if (!resource) return { kind: 'ignored', reason: why.noResource };
  const ref = parseResource(resource);
  if (!ref) return { kind: 'ignored', reason: why.notOurs, resource };
  const changeType = (item.changeType ?? 'updated').toLowerCase();

  if (ref.kind === 'operation') {
    const data = asRecord(Array.isArray(item.resourceData) ? item.resourceData[0] : item.resourceData);
    if (!data) return { kind: 'ignored', reason: why.noOperationData, callId: ref.callId, resource };
    const type = odataType(data);
    if (type !== undefined && !type.endsWith('inviteparticipantsoperation')) {
      return { kind: 'ignored', reason: why.unrelatedOperation(type), callId: ref.callId, resource };
    }
    const status = typeof data.status === 'string' ? statuses[data.status.toLowerCase()] : undefined;
    if (!status) return { kind: 'ignored', reason: why.noStatus, callId: ref.callId, resource };
    const clientContext = typeof data.clientContext === 'string' && data.clientContext !== '' ? data.clientContext : undefined;
    const dataId = typeof data.id === 'string' && data.id !== '' ? normalizeId(data.id) : undefined;
    return {
      kind: 'operation',
      callId: ref.callId,
      operationId: dataId ?? ref.operationId,
      clientContext,
      status,
      resultInfo: parseResultInfo(data.resultInfo),
    };
  }

  if (ref.kind === 'participants') {
    const roster = readParticipants(item.resourceData, changeType, ref.participantId);
    if (roster.participants.length === 0 && roster.mode === 'delta') {
      return { kind: 'ignored', reason: why.noParticipants, callId: ref.callId, resource };
    }
    return { kind: 'roster', callId: ref.callId, ...roster };
  }

  const call = asRecord(item.resourceData);
  const state = typeof call?.state === 'string' ? call.state.toLowerCase() : changeType === 'deleted' ? 'terminated' : undefined;
  if (!state) return { kind: 'ignored', reason: why.noState, callId: ref.callId, resource };
  const incoming = parseIncomingCall(changeType, item.resourceData);
  return { kind: 'callState', callId: ref.callId, state, resultInfo: parseResultInfo(call?.resultInfo), ...(incoming ? { incoming } : {}) };
}
