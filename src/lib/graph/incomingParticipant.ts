import { asRecord } from '../domain/asRecord';
import { normalizeId } from '../domain/ids';
import { identityOf } from '../domain/identity';
import type { IncomingParticipant } from '../domain/notification';

/** Int64 in JSON may be a number or a string. */
function sequenceOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

export function parseIncomingParticipant(value: unknown, removedByChange: boolean): IncomingParticipant | undefined {
  const p = asRecord(value);
  if (!p || typeof p.id !== 'string' || p.id === '') return undefined;
  const info = asRecord(p.info);
  const removedState = asRecord(p.removedState);
  const removedReason =
    removedState !== undefined
      ? typeof removedState.reason === 'string' && removedState.reason !== ''
        ? removedState.reason
        : 'removed'
      : removedByChange
        ? 'removed'
        : undefined;
  return {
    participantId: normalizeId(p.id),
    identity: identityOf(info?.identity),
    endpointType: typeof info?.endpointType === 'string' ? info.endpointType : undefined,
    isMuted: typeof p.isMuted === 'boolean' ? p.isMuted : undefined,
    isInLobby: typeof p.isInLobby === 'boolean' ? p.isInLobby : undefined,
    removedReason,
    sequence: sequenceOf(p.rosterSequenceNumber),
  };
}
