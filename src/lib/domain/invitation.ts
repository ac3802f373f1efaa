import type { Caller } from './caller';
import { identityKey, type ParticipantIdentity } from './identity';
import type { ResultInfo } from './resultInfo';
import type { Sending } from './sending';

export type InvitationStatus = 'pending' | 'running' | 'completed' | 'failed';
/** `inLobby`: the roster shows the invitee waiting in the lobby, not yet in the call. */
export type InviteeState = 'invited' | 'inLobby' | 'joined' | 'failed' | 'left';

/**
 * Why a terminal invitation ended: Graph's operation said so, the roster showed the invitee,
 * Graph refused the request, nobody answered before the deadline, the call ended first, or a
 * caller cancelled it (cancellation.ts).
 */
export type OutcomeReason = 'operationCompleted' | 'operationFailed' | 'joined' | 'graphRejected' | 'timeout' | 'callEnded' | 'cancelled';

export interface Invitee {
  readonly identity: ParticipantIdentity;
  readonly key: string;
  readonly state: InviteeState;
  readonly participantId: string | undefined;
  readonly joinedAt: string | undefined;
  readonly leftAt: string | undefined;
  /**
   * The participant id Graph's invite answer gave this invitee while it rings (our assumption:
   * docs/graph-in-the-field.md), the id a cancel deletes; undefined when Graph gave none.
   */
  readonly graphParticipantId?: string | undefined;
}

export interface Invitation {
  readonly callId: string;
  readonly clientContext: string;
  readonly status: InvitationStatus;
  readonly outcomeReason: OutcomeReason | undefined;
  readonly operationId: string | undefined;
  readonly resultInfo: ResultInfo | undefined;
  readonly graphRequestId: string | undefined;
  readonly invitees: readonly Invitee[];
  /** Fingerprint of the request body, so a repeated clientContext can be told apart from a retry. */
  readonly requestHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | undefined;
  /** After this instant an invitation still open is finalized as timed out. */
  readonly deadline: string;
  /** Whether Graph may have it yet (sending.ts); undefined: sent, or may have been. */
  readonly sending?: Sending | undefined;
  /** Who asked for it; undefined for invitations recorded before callers were. */
  readonly invitedBy?: Caller | undefined;
  /** When a caller asked to cancel it (before Graph was asked): a later failed operation means cancelled. */
  readonly cancelRequestedAt?: string | undefined;
  /**
   * Asked for by meeting link (POST /api/meetings/invite): the bot joined (or was joining) the
   * meeting first, and the invite waits, unsent, until the call is established.
   */
  readonly viaMeetingLink?: boolean | undefined;
}

const rank: Record<InvitationStatus, number> = { pending: 0, running: 1, completed: 2, failed: 2 };

export function isTerminal(status: InvitationStatus): boolean {
  return rank[status] === 2;
}

export interface NewInvitation {
  readonly callId: string;
  readonly clientContext: string;
  readonly invitees: readonly ParticipantIdentity[];
  readonly requestHash: string;
  readonly now: Date;
  readonly timeoutSeconds: number;
  readonly invitedBy?: Caller | undefined;
}

export function newInvitation(input: NewInvitation): Invitation {
  const at = input.now.toISOString();
  return {
    callId: input.callId,
    clientContext: input.clientContext,
    status: 'pending',
    outcomeReason: undefined,
    operationId: undefined,
    resultInfo: undefined,
    graphRequestId: undefined,
    invitees: input.invitees.map((identity) => ({
      identity,
      key: identityKey(identity),
      state: 'invited',
      participantId: undefined,
      joinedAt: undefined,
      leftAt: undefined,
    })),
    requestHash: input.requestHash,
    createdAt: at,
    updatedAt: at,
    completedAt: undefined,
    deadline: new Date(input.now.getTime() + input.timeoutSeconds * 1000).toISOString(),
    invitedBy: input.invitedBy,
  };
}
