import { createHash } from 'node:crypto';
import { odata, type TransactionAction } from '@azure/data-tables';
import type { CallEvent } from '../domain/callEvent';
import { eventsOf } from '../domain/callEvent';
import type { CallChanges, CallSnapshot } from '../domain/roster';
import { partitionKeyOf, prefixEnd, type TableEntity } from './entities';
import { fromChunks, toChunks } from './chunkedJson';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/*
 * The outbox: an event row (`evt_<id>`) in the call's partition, written in the same transaction
 * as the change that caused it, so no change is stored without its event and no event exists for
 * a change that was not. (A change over 100 rows takes several transactions; its events go in the
 * first, with the invitations, and the retry after a lost race completes the rest: the row is an
 * upsert of a stable id, so writing it again is harmless.) The delivery timer fans each event out
 * to the subscriptions' delivery rows and deletes it.
 */
export const outboxPrefix = 'evt_';

/** A stable id: the same event (same call, same key) always has the same id, on every attempt. */
export function eventIdOf(callId: string, key: string): string {
  return outboxPrefix + createHash('sha256').update(`${callId}\n${key}`).digest('base64url').slice(0, 27);
}

export interface OutboxEvent {
  readonly id: string;
  readonly event: CallEvent;
}

/** The outbox rows a change creates over the state it was decided from (none for a no-op). */
export function outboxActions(snapshot: CallSnapshot, changes: CallChanges): TransactionAction[] {
  return eventsOf(snapshot, changes).map((event): TransactionAction => {
    const entity: TableEntity = {
      partitionKey: partitionKeyOf(event.callId),
      rowKey: eventIdOf(event.callId, event.key),
      callId: event.callId,
      type: event.type,
      occurredAt: event.occurredAt,
      ...toChunks('event', event),
    };
    return ['upsert', entity, 'Replace'];
  });
}

export class Outbox {
  constructor(private readonly access: TableAccess) {}

  /** Up to `limit` events not yet fanned out, across calls. */
  async pending(limit: number): Promise<OutboxEvent[]> {
    const events: OutboxEvent[] = [];
    await this.access.run(async () => {
      const rows = this.access.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`RowKey ge ${outboxPrefix} and RowKey lt ${prefixEnd(outboxPrefix)}` },
      });
      for await (const row of rows) {
        const event = fromChunks<CallEvent | undefined>('event', row, undefined);
        if (event) events.push({ id: String(row.rowKey), event });
        if (events.length >= limit) break;
      }
    });
    return events;
  }

  /** Fanned out: gone. */
  async remove(event: OutboxEvent): Promise<void> {
    try {
      await this.access.run(() => this.access.table.deleteEntity(partitionKeyOf(event.event.callId), event.id));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
