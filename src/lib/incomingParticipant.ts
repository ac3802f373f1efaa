import { asRecord } from './asRecord';
import { normalizeId } from './ids';
import { identityOf, type ParticipantIdentity } from './identity';

/** One participant as a roster notification describes it. */
export interface IncomingParticipant {
  readonly participantId: string;
  readonly identity: ParticipantIdentity | undefined;
  readonly endpointType: string | undefined;
  readonly isMuted: boolean | undefined;
  readonly isInLobby: boolean | undefined;
  /** Set when Graph reports the participant removed (removedState, or a deleted delta item). */
  readonly removedReason: string | undefined;
  readonly sequence: number | undefined;
}


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
