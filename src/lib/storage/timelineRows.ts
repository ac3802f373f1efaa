import { createHash } from 'node:crypto';
import { admitEvents, type TimelineEvent } from '../domain/timeline';
import { fromChunks, toChunks } from './chunkedJson';
import { partitionKeyOf, type TableEntity } from './entities';
import { encodeKey } from './keys';

/*
 * A call's timeline in its partition: event rows "evt_...", each holding the events of one write.
 *   evt_n<index>   a change to the call (modifyCall): its events, <index> the call's event count
 *                  before them (so rows sort in order). The count, and how many events did not fit
 *                  the bound, live on the ver row, whose conditional write makes the index race-free.
 *   evt_i<s|o>_... an invitation's sent or refused-outcome event, written with the invite's own
 *                  write (which does not read the call); one of each per invitation at most, so
 *                  outside the count.
 * Readers of the call's state skip these rows (`exceptEvents`); the timeline reads them all.
 */

export const eventPrefix = 'evt_';
/** The first key after the event rows: ['evt_', 'evt`') is exactly them. */
export const eventsEnd = 'evt`';

/** Stored events and the ones past the bound (maxTimelineEvents), from the ver row. */
export interface TimelineCount {
  readonly events: number;
  readonly dropped: number;
}

export const noEvents: TimelineCount = { events: 0, dropped: 0 };

export function timelineCountOf(ver: Readonly<Record<string, unknown>>): TimelineCount {
  const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0);
  return { events: count(ver.timelineEvents), dropped: count(ver.timelineDropped) };
}

/** The ver row's properties for a count. */
export const timelineCountProperties = (count: TimelineCount) => ({ timelineEvents: count.events, timelineDropped: count.dropped });

export const changeEventRowKey = (index: number): string => `${eventPrefix}n${String(index).padStart(7, '0')}`;

/** RowKeys hold at most 512 characters; a clientContext too long to spell out is hashed. */
export function invitationEventRowKey(clientContext: string, kind: 'invitationSent' | 'invitationOutcome'): string {
  const head = `${eventPrefix}i${kind === 'invitationSent' ? 's' : 'o'}_`;
  const readable = head + encodeKey(clientContext);
  return readable.length <= 512 ? readable : `${head}!${createHash('sha256').update(clientContext.toWellFormed()).digest('base64url')}`;
}

export function eventRowEntity(callId: string, rowKey: string, events: readonly TimelineEvent[]): TableEntity {
  return { partitionKey: partitionKeyOf(callId), rowKey, ...toChunks('events', events) };
}

export const eventsFromEntity = (entity: Record<string, unknown>): TimelineEvent[] => fromChunks<TimelineEvent[]>('events', entity, []);

/**
 * What a change's `events` add over `count`: the row holding those that fit the bound (none when
 * none fit, or there are none) and the count after it.
 */
export function changeEvents(callId: string, count: TimelineCount, events: readonly TimelineEvent[]): { readonly row: TableEntity | undefined; readonly count: TimelineCount } {
  const { kept, dropped } = admitEvents(count.events, events);
  return {
    row: kept.length > 0 ? eventRowEntity(callId, changeEventRowKey(count.events), kept) : undefined,
    count: { events: count.events + kept.length, dropped: count.dropped + dropped },
  };
}

/** The invite path's events as rows (at most one sent and one outcome per invitation). */
export function invitationEventRows(callId: string, events: readonly TimelineEvent[]): TableEntity[] {
  return events.flatMap((event) =>
    event.kind === 'invitationSent' || event.kind === 'invitationOutcome' ? [eventRowEntity(callId, invitationEventRowKey(event.clientContext, event.kind), [event])] : [],
  );
}
