import type { ParticipantIdentity } from './identity';
import type { ResultInfo } from './resultInfo';
import type { Invitation } from './invitation';
import type { Caller } from './caller';
import type { MeetingRef } from './meetingLink';

/** One person (or app) who is or was in the call. */
export interface RosterEntry {
  readonly participantId: string;
  readonly identity: ParticipantIdentity | undefined;
  readonly identityKey: string | undefined;
  readonly endpointType: string | undefined;
  readonly isMuted: boolean | undefined;
  readonly isInLobby: boolean | undefined;
  readonly present: boolean;
  readonly joinedAt: string | undefined;
  readonly leftAt: string | undefined;
  readonly removalReason: string | undefined;
  /** rosterSequenceNumber of the newest update applied; older updates are ignored. */
  readonly sequence: number | undefined;
  /** clientContext of the invitation that brought this participant in, if any. */
  readonly invitationClientContext: string | undefined;
  readonly updatedAt: string;
}

export interface CallRecord {
  readonly callId: string;
  readonly state: string | undefined;
  readonly resultInfo: ResultInfo | undefined;
  readonly terminatedAt: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When Graph first said `established` (the call resource tells a failed join from an ended call). */
  readonly establishedAt?: string | undefined;
  /** How the bot came into the call, when this app placed, joined or answered it (app/activeCalls.ts). */
  readonly origin?: CallOrigin | undefined;
  /** This app asked Graph to hang up: why, and when. */
  readonly hangUp?: { readonly reason: HangUpReason; readonly at: string } | undefined;
}

export type HangUpReason = 'requested' | 'lobbyTimeout';

/** A call the bot is in because this app put it there (joined, placed) or answered it. */
export interface CallOrigin {
  readonly kind: 'meeting' | 'outgoing' | 'incoming';
  /** The key of the active-calls row that lists the call (storage/activeCalls.ts). */
  readonly requestKey: string;
  /** The meeting joined (kind meeting). */
  readonly meeting?: MeetingRef | undefined;
  /** Graph's myParticipantId: the bot's own entry on the roster (in the lobby, or in the call). */
  readonly myParticipantId?: string | undefined;
  readonly createdBy?: Caller | undefined;
  /** Not established by then (still establishing, or held in the lobby): the bot hangs up. */
  readonly establishBy?: string | undefined;
}

/** Everything stored about one call: the unit a notification is applied to. */
export interface CallSnapshot {
  readonly callId: string;
  readonly call: CallRecord | undefined;
  readonly invitations: readonly Invitation[];
  readonly roster: readonly RosterEntry[];
}

/** What applying a notification changed; unchanged rows are left out so they are not written. */
export interface CallChanges {
  readonly call: CallRecord | undefined;
  readonly invitations: readonly Invitation[];
  readonly roster: readonly RosterEntry[];
}

export const noChanges: CallChanges = { call: undefined, invitations: [], roster: [] };

export function isEmpty(changes: CallChanges): boolean {
  return changes.call === undefined && changes.invitations.length === 0 && changes.roster.length === 0;
}

/** `rows` with `updates` laid over them, by key: the later version of a row wins. */
export function overlay<T>(rows: readonly T[], updates: readonly T[], key: (row: T) => string): T[] {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  for (const u of updates) byKey.set(key(u), u);
  return [...byKey.values()];
}

export const participantKey = (entry: RosterEntry): string => entry.participantId;

/** The roster with `changed` entries laid over the stored ones. */
export const overlayRoster = (stored: readonly RosterEntry[], changed: readonly RosterEntry[]): RosterEntry[] =>
  overlay(stored, changed, participantKey);
