import { odata } from '@azure/data-tables';
import type { Invitation } from '../domain/invitation';
import type { CallRecord, RosterEntry } from '../domain/roster';
import type { CallTimeline, TimelineEvent } from '../domain/timeline';
import { callFromEntity, callRowKey, invitationFromEntity, invitationPrefix, partitionKeyOf } from './entities';
import { outboxEnd, outboxPrefix } from './outbox';
import { rosterBucketFromEntity, rosterPrefix } from './rosterBuckets';
import { versionRowKey } from './storedCall';
import type { TableAccess } from './tableAccess';
import { eventPrefix, eventsFromEntity, noEvents, timelineCountOf, type TimelineCount } from './timelineRows';

/** Reads a call's partition, its event rows included (the outbox's not): one query (a page per 1,000 rows). */
export async function readTimeline(access: TableAccess, callId: string): Promise<CallTimeline> {
  let call: CallRecord | undefined;
  const invitations: Invitation[] = [];
  const roster: RosterEntry[] = [];
  const rows: { rowKey: string; events: TimelineEvent[] }[] = [];
  let count: TimelineCount = noEvents;
  await access.run(async () => {
    // Everything but the webhook outbox's rows (obx_, outbox.ts), which are no part of the timeline.
    const filter = odata`PartitionKey eq ${partitionKeyOf(callId)} and (RowKey lt ${outboxPrefix} or RowKey ge ${outboxEnd})`;
    const pages = access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } });
    for await (const e of pages) {
      const rowKey = String(e.rowKey);
      if (rowKey === callRowKey) call = callFromEntity(e);
      else if (rowKey.startsWith(invitationPrefix)) invitations.push(invitationFromEntity(e));
      else if (rowKey.startsWith(rosterPrefix)) roster.push(...rosterBucketFromEntity(e));
      else if (rowKey.startsWith(eventPrefix)) rows.push({ rowKey, events: eventsFromEntity(e) });
      else if (rowKey === versionRowKey) count = timelineCountOf(e);
    }
  });
  // Change rows (evt_n...) sort by when they were written; the invite path's rows by clientContext.
  // A stable sort by time puts each where it happened, keeping recording order within an instant.
  const events = rows
    .sort((a, b) => (a.rowKey < b.rowKey ? -1 : 1))
    .flatMap((r) => r.events)
    .map((event, order) => ({ event, order, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((e) => e.event);
  return { snapshot: { callId, call, invitations, roster }, events, dropped: count.dropped };
}
