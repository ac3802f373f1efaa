import type { ItemOutcome } from '../domain/foldNotifications';

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
