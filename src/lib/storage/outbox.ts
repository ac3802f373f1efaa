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
 * The outbox: the events of one change in a row (`evt_<id>`) of the call's partition, written in
 * the same transaction as the change, so no change is stored without its events and no event
 * exists for a change that was not. One row per change (a thousand people joining at once is
 * still one row, or a few: at most `eventsPerRow` each), so the transaction stays small. (A change
 * over 100 rows takes several transactions; its events go in the first, with the invitations, and
 * the retry after a lost race completes the rest: the row is an upsert of an id derived from the
 * events, so writing it again is harmless.) The delivery timer fans the events out to the
 * subscriptions' delivery rows, then deletes the row.
 */
export const outboxPrefix = 'evt_';
const eventsPerRow = 250;

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('base64url').slice(0, length);

/** A stable id: the same event (same call, same key) always has the same id, on every attempt. */
export function eventIdOf(callId: string, key: string): string {
  return `${outboxPrefix}${hash(`${callId}\n${key}`, 27)}`;
}

export interface OutboxEvent {
  readonly id: string;
  readonly event: CallEvent;
}

/** One outbox row: the events of one change, in order. */
export interface OutboxRow {
  readonly callId: string;
  readonly rowKey: string;
  readonly events: readonly OutboxEvent[];
}

/** The outbox rows a change writes over the state it was decided from (none for a change that tells nothing). */
export function outboxActions(snapshot: CallSnapshot, changes: CallChanges): TransactionAction[] {
  const events = eventsOf(snapshot, changes);
  const actions: TransactionAction[] = [];
  for (let i = 0; i < events.length; i += eventsPerRow) {
    const slice = events.slice(i, i + eventsPerRow);
    const entity: TableEntity = {
      partitionKey: partitionKeyOf(snapshot.callId),
      rowKey: `${outboxPrefix}${hash(`${snapshot.callId}\n${slice.map((e) => e.key).join('\n')}`, 27)}`,
      callId: snapshot.callId,
      count: slice.length,
      ...toChunks('events', slice),
    };
    actions.push(['upsert', entity, 'Replace']);
  }
  return actions;
}

export class Outbox {
  constructor(private readonly access: TableAccess) {}

  /** Rows not yet fanned out, across calls, until they hold at least `limit` events. */
  async pending(limit: number): Promise<OutboxRow[]> {
    const rows: OutboxRow[] = [];
    let count = 0;
    await this.access.run(async () => {
      const found = this.access.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`RowKey ge ${outboxPrefix} and RowKey lt ${prefixEnd(outboxPrefix)}` },
      });
      for await (const row of found) {
        const events = fromChunks<CallEvent[]>('events', row, []);
        rows.push({ callId: String(row.callId), rowKey: String(row.rowKey), events: events.map((event) => ({ id: eventIdOf(event.callId, event.key), event })) });
        count += events.length;
        if (count >= limit) break;
      }
    });
    return rows;
  }

  /** Fanned out: gone. */
  async remove(row: OutboxRow): Promise<void> {
    try {
      await this.access.run(() => this.access.table.deleteEntity(partitionKeyOf(row.callId), row.rowKey));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
