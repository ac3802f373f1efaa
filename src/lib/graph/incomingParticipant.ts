import { asRecord } from '../domain/asRecord';
import { normalizeId } from '../domain/ids';
import { identityOf } from '../domain/identity';
import type { IncomingParticipant } from '../domain/notification';

/** Int64 in JSON may be a number or a string. */
export function sequenceOf(value: unknown): number | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Number.isSafeInteger is false for non-numbers; typeof is for the type checker
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: what reaches here unless a string never prints as 1-15 digits
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** What the notification around a participant says when the participant itself does not. */
export interface ParticipantDefaults {
  /** The change removed it (changeType "deleted"). */
  readonly removed: boolean;
  /** The id from the resource path (/participants/{id}). */
  readonly id?: string | undefined;
  /** The delta roster's sequenceNumber. */
  readonly sequence?: number | undefined;
}

export function parseIncomingParticipant(value: unknown, defaults: ParticipantDefaults): IncomingParticipant | undefined {
  // Stryker disable next-line ConditionalExpression: without a path id the empty participant has no id and is dropped below anyway
  const p = asRecord(value) ?? (defaults.removed && defaults.id !== undefined ? {} : undefined);
  const rawId = typeof p?.id === 'string' && p.id !== '' ? p.id : defaults.id;
  if (!p || rawId === undefined) return undefined;
  const info = asRecord(p.info);
  const removedState = asRecord(p.removedState);
  const removedReason =
    removedState !== undefined
      ? typeof removedState.reason === 'string' && removedState.reason !== ''
        ? removedState.reason
        : 'removed'
      : defaults.removed
        ? 'removed'
        : undefined;
  return {
    participantId: normalizeId(rawId),
    identity: identityOf(info?.identity),
    endpointType: typeof info?.endpointType === 'string' ? info.endpointType : undefined,
    isMuted: typeof p.isMuted === 'boolean' ? p.isMuted : undefined,
    isInLobby: typeof p.isInLobby === 'boolean' ? p.isInLobby : undefined,
    removedReason,
    sequence: sequenceOf(p.rosterSequenceNumber) ?? defaults.sequence,
  };
}
