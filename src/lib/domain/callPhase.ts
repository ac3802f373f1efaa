import type { CallRecord, RosterEntry } from './roster';

/**
 * The call as its caller sees it. Graph's states in order (establishing, established, ...,
 * terminated) plus what only the roster says: the bot waiting in the meeting's lobby (its own
 * participant, Graph's myParticipantId, with isInLobby). A call that ends without ever being
 * established failed to start (refused, never admitted); one that was established has ended.
 */
export type CallPhase = 'establishing' | 'inLobby' | 'established' | 'terminated' | 'failed';

const ended = new Set(['terminating', 'terminated']);

export function callPhase(call: CallRecord | undefined, roster: readonly RosterEntry[]): CallPhase {
  if (!call) return 'establishing';
  if (ended.has(String(call.state).toLowerCase())) return call.establishedAt === undefined ? 'failed' : 'terminated';
  if (call.establishedAt !== undefined) return 'established';
  // The bot gave up waiting (time limit): failed now, whether or not Graph's notification came yet.
  if (call.hangUp?.reason === 'lobbyTimeout') return 'failed';
  const me = call.origin?.myParticipantId;
  const waiting = me !== undefined && roster.some((r) => r.participantId === me && r.present && r.isInLobby === true);
  return waiting ? 'inLobby' : 'establishing';
}

/** Still settling: the call resource answers 202 (poll again) in these phases, 200 after. */
export const isSettling = (phase: CallPhase): boolean => phase === 'establishing' || phase === 'inLobby';
