import type { ParticipantIdentity } from './identity';

/*
 * A call that rang the bot (Graph's `created` notification with the call in state `incoming`), and
 * what the bot did with it. Kept on the call's own record, so everything Graph says about the call
 * afterwards (establishing, established, terminated) is applied where it already is.
 */

/** What the incoming notification told us, parsed from the wire by graph/incomingCallInfo.ts. */
export interface IncomingCallInfo {
  /** The caller (`source.identity`); undefined when Graph sent it encrypted or not at all. */
  readonly caller: ParticipantIdentity | undefined;
  /** The call's tenant (`tenantId` of the call). */
  readonly tenantId: string | undefined;
  /** Present on an invite into a group call or meeting: kept as Graph sent them, to rejoin or show. */
  readonly chatInfo: Readonly<Record<string, unknown>> | undefined;
  readonly meetingInfo: Readonly<Record<string, unknown>> | undefined;
}

export const rejectReasons = ['busy', 'forbidden', 'none'] as const;
export type RejectReason = (typeof rejectReasons)[number];

/**
 * pending: recorded, the bot's action not yet (or never, after a crash) recorded. answered: Graph
 * accepted the answer or established the call. missed: the call ended before it was established
 * (answered too late, or never). failed: Graph refused the answer or the reject.
 */
export type IncomingResult = 'pending' | 'answered' | 'rejected' | 'left' | 'missed' | 'failed';

export interface IncomingCall extends IncomingCallInfo {
  readonly receivedAt: string;
  readonly result: IncomingResult;
  readonly rejectReason: RejectReason | undefined;
  /** Graph's error code when the answer or reject failed. */
  readonly failure: string | undefined;
  /** When the result stopped being pending. */
  readonly decidedAt: string | undefined;
}

/** What the callback did about an incoming call, recorded after Graph answered it. */
export type IncomingAction =
  | { readonly result: 'answered' | 'left' }
  | { readonly result: 'rejected'; readonly reason: RejectReason }
  | { readonly result: 'failed'; readonly failure: string };

export function receivedIncoming(info: IncomingCallInfo, at: string): IncomingCall {
  return { ...info, receivedAt: at, result: 'pending', rejectReason: undefined, failure: undefined, decidedAt: undefined };
}

/** The record after the bot acted; only a pending call takes an action (a later one changes nothing). */
export function actedOn(current: IncomingCall, action: IncomingAction, at: string): IncomingCall {
  if (current.result !== 'pending') return current;
  return {
    ...current,
    result: action.result,
    // Stryker disable next-line ConditionalExpression: equivalent, the other actions have no reason
    rejectReason: action.result === 'rejected' ? action.reason : undefined,
    // Stryker disable next-line ConditionalExpression: equivalent, the other actions have no failure
    failure: action.result === 'failed' ? action.failure : undefined,
    decidedAt: at,
  };
}

/**
 * The record after Graph reported the call in `state`: established means someone (the bot) answered
 * it; ending before ever being established is a missed call, unless the bot rejected or left it.
 */
export function followState(current: IncomingCall, state: string, wasEstablished: boolean, at: string): IncomingCall {
  const open = current.result === 'pending' || current.result === 'answered';
  if (state === 'established' && current.result === 'pending') return { ...current, result: 'answered', decidedAt: at };
  if (state === 'terminated' && open && !wasEstablished) return { ...current, result: 'missed', decidedAt: at };
  return current;
}

/** The incoming call's result is known: the "someone called the bot" event is due. */
export const isDecided = (incoming: IncomingCall | undefined): boolean => incoming !== undefined && incoming.result !== 'pending';
