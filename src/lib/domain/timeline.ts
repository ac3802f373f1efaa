import type { OutcomeReason } from './invitation';
import type { CallSnapshot } from './roster';

/*
 * A call's timeline: what happened, in the order it was recorded. Each applied change of a call
 * adds the events it caused (timelineEvents.ts), in the same write as the change itself.
 */

interface EventBase {
  /** When the app recorded it (ISO 8601). */
  readonly at: string;
}

export type TimelineEvent = EventBase &
  (
    | { readonly kind: 'invitationSent'; readonly clientContext: string; readonly invitees: number; readonly operationId: string | undefined }
    | {
        readonly kind: 'invitationOutcome';
        readonly clientContext: string;
        readonly status: 'completed' | 'failed';
        readonly reason: OutcomeReason | undefined;
        readonly code: number | undefined;
        readonly subcode: number | undefined;
        /** Seconds from the invite request to this outcome. */
        readonly seconds: number;
      }
    | { readonly kind: 'joined'; readonly participantId: string; readonly clientContext: string | undefined }
    | { readonly kind: 'left'; readonly participantId: string; readonly reason: string | undefined }
    | { readonly kind: 'lobby'; readonly participantId: string }
    | { readonly kind: 'muted'; readonly participantId: string; readonly muted: boolean }
    | { readonly kind: 'callState'; readonly state: string; readonly code: number | undefined; readonly subcode: number | undefined }
  );

export type TimelineEventKind = TimelineEvent['kind'];

/** A call's timeline as stored, with the state that labels it (its participants, its own row). */
export interface CallTimeline {
  readonly snapshot: CallSnapshot;
  /** In the order they happened (recording order where two share an instant). */
  readonly events: readonly TimelineEvent[];
  /** Events past the bound: counted, not stored. */
  readonly dropped: number;
}

/**
 * Events stored per call, at most. A 1,000-person meeting's joins alone are 1,000 events, and mute
 * toggles have no end; past the bound, events are counted, not stored. The call row (state, end),
 * the roster and the invitations stay exact whatever the timeline holds.
 */
export const maxTimelineEvents = 2000;

/** The events that still fit after `stored` ones, and how many do not. */
export function admitEvents(stored: number, events: readonly TimelineEvent[]): { readonly kept: readonly TimelineEvent[]; readonly dropped: number } {
  const room = Math.max(0, maxTimelineEvents - stored);
  const kept = events.slice(0, room);
  return { kept, dropped: events.length - kept.length };
}
