import type { ParticipantIdentity } from './identity';
import type { ResultInfo } from './resultInfo';
import type { IncomingCallInfo } from './incomingCall';

/*
 * What Graph's notifications mean to us, parsed from the wire by graph/notificationItem.ts: the
 * domain's input, so the rules never see Graph's JSON.
 */

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

export type OperationStatus = 'notStarted' | 'running' | 'completed' | 'failed';

/** What one item of a commsNotifications envelope means to us. */
export type NotificationItem =
  | {
      readonly kind: 'operation';
      readonly callId: string;
      readonly operationId: string;
      readonly clientContext: string | undefined;
      readonly status: OperationStatus;
      readonly resultInfo: ResultInfo | undefined;
    }
  | {
      readonly kind: 'roster';
      readonly callId: string;
      /** full: the whole roster, absent means left; delta: only the participants listed changed. */
      readonly mode: 'full' | 'delta';
      readonly participants: readonly IncomingParticipant[];
    }
  | {
      readonly kind: 'callState';
      readonly callId: string;
      readonly state: string;
      readonly resultInfo: ResultInfo | undefined;
      /** Set on the `created` notification of a call ringing the bot (state incoming). */
      readonly incoming?: IncomingCallInfo;
    }
  | { readonly kind: 'ignored'; readonly reason: string; readonly callId?: string; readonly resource?: string };
