import type { ItemOutcome } from '../domain/foldNotifications';
import type { NotificationItem } from '../domain/notification';

/** Stable, structured log fields for one notification item (no payload, no tokens). */
export function outcomeFields(outcome: ItemOutcome): Record<string, unknown> {
  const { item, result } = outcome;
  switch (item.kind) {
    case 'operation':
      return { result, kind: item.kind, callId: item.callId, clientContext: item.clientContext, operationId: item.operationId, status: item.status };
    case 'roster':
      return { result, kind: item.kind, callId: item.callId, mode: item.mode, participants: item.participants.length };
    case 'callState':
      return { result, kind: item.kind, callId: item.callId, state: item.state };
    case 'ignored':
      return { result, kind: item.kind, callId: item.callId, reason: item.reason };
  }
}

/**
 * What identifies an item that could not be recorded, so an operator can match Graph's redelivery
 * or ask Graph about it: ids only, never the payload (it holds names and phone numbers).
 */
export function itemIds(item: NotificationItem): Record<string, unknown> {
  switch (item.kind) {
    case 'operation':
      return { kind: item.kind, callId: item.callId, operationId: item.operationId, clientContext: item.clientContext };
    case 'roster':
      return { kind: item.kind, callId: item.callId, mode: item.mode, participantIds: item.participants.map((p) => p.participantId) };
    case 'callState':
      return { kind: item.kind, callId: item.callId, state: item.state };
    case 'ignored':
      return { kind: item.kind, callId: item.callId };
  }
}
