import { maxTimelineEvents, type CallTimeline } from '../../domain/timeline';
import { isUnsent } from '../../domain/sending';
import type { TimelineView } from './timelineSchemas';

/** Whether anything at all is known about the call (else the routes answer 404). */
export const isKnown = (t: CallTimeline): boolean =>
  t.snapshot.call !== undefined || t.snapshot.invitations.length > 0 || t.snapshot.roster.length > 0 || t.events.length > 0;

/** The timeline document: the events in order, with what labels them. */
export function timelineView(t: CallTimeline): TimelineView {
  const { call, roster, invitations } = t.snapshot;
  const endedAt = call?.terminatedAt ?? null;
  return {
    callId: t.snapshot.callId,
    state: call?.state ?? null,
    startedAt: t.events[0]?.at ?? call?.createdAt ?? null,
    endedAt,
    live: endedAt === null && call?.state !== 'terminated',
    participants: roster.map((e) => ({
      participantId: e.participantId,
      displayName: e.identity?.displayName ?? null,
      kind: e.identity?.kind ?? null,
      present: e.present,
    })),
    // Unsent rows are kept hidden, as everywhere else.
    invitations: invitations.filter((i) => !isUnsent(i)).map((i) => ({ clientContext: i.clientContext, status: i.status, reason: i.outcomeReason ?? null })),
    events: t.events.map((e) => ({ ...e })),
    truncated: t.dropped > 0 ? { limit: maxTimelineEvents, dropped: t.dropped } : null,
  };
}
