import { createHash } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { CallEvent } from '../domain/callEvent';
import { eventsOf } from '../domain/callEvent';
import type { CallChanges, CallSnapshot } from '../domain/roster';
import { partitionKeyOf, type TableEntity } from './entities';
import { sweepEntry, type SweepEntry } from './sweepIndex';
import { fromChunks, toChunks } from './chunkedJson';
import type { TableAccess } from './tableAccess';
import { isNotFound } from './tableErrors';

/*
 * The outbox: the events of one change in a row (`obx_<id>`) of the call's partition, written in
 * the same transaction as the change, so no change is stored without its events and no event
 * exists for a change that was not. One row per change (a thousand people joining at once is
 * still one row, or a few: at most `eventsPerRow` each), so the transaction stays small. (A change
 * over 100 rows takes several transactions; its events go in the first, with the invitations, and
 * the retry after a lost race completes the rest: the row is an upsert of an id derived from the
 * events, so writing it again is harmless.) Its index row (kind evt, sweepIndex.ts) is written
 * before it, as every index row is, so the delivery timer reads only what is open: it fans the
 * events out to the subscriptions' delivery rows, deletes the outbox row, then the index row.
 */
export const outboxPrefix = 'obx_';
/** The first key after the outbox rows: ['obx_', 'obx`') is exactly them. */
export const outboxEnd = 'obx`';
/**
 * A webhook event's id (what subscribers see) keeps `evt_`; the rows are `obx_` so they never share
 * a RowKey range with the timeline's event rows (`evt_...`, timelineRows.ts) in the same partition.
 */
const eventIdPrefix = 'evt_';
const eventsPerRow = 250;

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('base64url').slice(0, length);

/** A stable id: the same event (same call, same key) always has the same id, on every attempt. */
export function eventIdOf(callId: string, key: string): string {
  return `${eventIdPrefix}${hash(`${callId}\n${key}`, 27)}`;
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
export function outboxRows(snapshot: CallSnapshot, changes: CallChanges): TableEntity[] {
  const events = eventsOf(snapshot, changes);
  const rows: TableEntity[] = [];
  for (let i = 0; i < events.length; i += eventsPerRow) {
    const slice = events.slice(i, i + eventsPerRow);
    rows.push({
      partitionKey: partitionKeyOf(snapshot.callId),
      rowKey: `${outboxPrefix}${hash(`${snapshot.callId}\n${slice.map((e) => e.key).join('\n')}`, 27)}`,
      callId: snapshot.callId,
      count: slice.length,
      ...toChunks('events', slice),
    });
  }
  return rows;
}

/** Writing them: upserts, so writing a row again (a retry) is harmless. */
export const outboxActions = (rows: readonly TableEntity[]): TransactionAction[] => rows.map((row) => ['upsert', row, 'Replace']);

/** Their index rows (sweepIndex.ts), written before them so the delivery timer finds them without scanning. */
export const outboxChecks = (rows: readonly TableEntity[], now: Date): SweepEntry[] => rows.map((row) => sweepEntry('evt', String(row.callId), row.rowKey, now));

export class Outbox {
  constructor(private readonly access: TableAccess) {}

  /** The outbox row an index row points at, or undefined (not written: its change lost a race; or fanned out already). */
  async get(callId: string, rowKey: string): Promise<OutboxRow | undefined> {
    try {
      const row = await this.access.run(() => this.access.table.getEntity<Record<string, unknown>>(partitionKeyOf(callId), rowKey));
      const events = fromChunks<CallEvent[]>('events', row, []);
      return { callId, rowKey, events: events.map((event) => ({ id: eventIdOf(event.callId, event.key), event })) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
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
