import type { TimelineEvent } from './timeline';

/** A stretch of time; `to` undefined: still going on. */
export interface Stretch {
  readonly from: string;
  readonly to: string | undefined;
}

/** One participant's row of the picture: when they were in the call, in the lobby, muted. */
export interface Lane {
  readonly participantId: string;
  /** The invitation that brought them in, if one did. */
  readonly clientContext: string | undefined;
  readonly present: readonly Stretch[];
  readonly lobby: readonly Stretch[];
  readonly muted: readonly Stretch[];
}

export interface InvitationMarker {
  readonly clientContext: string;
  /** When it was sent (or, unsent, when it was asked for). */
  readonly at: string;
  readonly outcome: { readonly status: 'completed' | 'failed'; readonly reason: string | undefined; readonly at: string } | undefined;
}

export interface TimelinePicture {
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly lanes: readonly Lane[];
  readonly invitations: readonly InvitationMarker[];
}

interface OpenLane {
  clientContext: string | undefined;
  present: Stretch[];
  lobby: Stretch[];
  muted: Stretch[];
}

/** Closes the last stretch of `list` at `at` if it is open. */
function close(list: Stretch[], at: string): void {
  const last = list.at(-1);
  if (last && last.to === undefined) list[list.length - 1] = { from: last.from, to: at };
}

/** Opens a stretch at `at` unless one is open. */
function open(list: Stretch[], at: string): void {
  const last = list.at(-1);
  if (!last || last.to !== undefined) list.push({ from: at, to: undefined });
}

const secondsBefore = (at: string, seconds: number) => new Date(Date.parse(at) - seconds * 1000).toISOString();

/**
 * The picture a timeline draws: a lane per participant (in order of first appearance) with the
 * stretches they were present, in the lobby and muted; a marker per invitation with its outcome;
 * the call's start (its first event) and end (terminated). `events` in timeline order.
 */
export function timelinePicture(events: readonly TimelineEvent[]): TimelinePicture {
  const lanes = new Map<string, OpenLane>();
  const markers = new Map<string, InvitationMarker>();
  let end: string | undefined;
  const lane = (participantId: string): OpenLane => {
    const found = lanes.get(participantId) ?? { clientContext: undefined, present: [], lobby: [], muted: [] };
    lanes.set(participantId, found);
    return found;
  };
  for (const e of events) {
    switch (e.kind) {
      case 'invitationSent':
        markers.set(e.clientContext, { clientContext: e.clientContext, at: e.at, outcome: markers.get(e.clientContext)?.outcome });
        break;
      case 'invitationOutcome':
        markers.set(e.clientContext, {
          clientContext: e.clientContext,
          at: markers.get(e.clientContext)?.at ?? secondsBefore(e.at, e.seconds),
          outcome: { status: e.status, reason: e.reason, at: e.at },
        });
        break;
      case 'lobby':
        open(lane(e.participantId).lobby, e.at);
        break;
      case 'joined': {
        const l = lane(e.participantId);
        l.clientContext ??= e.clientContext;
        close(l.lobby, e.at);
        open(l.present, e.at);
        break;
      }
      case 'muted':
        if (e.muted) open(lane(e.participantId).muted, e.at);
        else close(lane(e.participantId).muted, e.at);
        break;
      case 'left': {
        const l = lane(e.participantId);
        for (const list of [l.present, l.lobby, l.muted]) close(list, e.at);
        break;
      }
      case 'callState':
        if (e.state === 'terminated') end = e.at;
        break;
    }
  }
  return {
    start: events[0]?.at,
    end,
    lanes: [...lanes].map(([participantId, l]) => ({ participantId, ...l })),
    invitations: [...markers.values()],
  };
}
