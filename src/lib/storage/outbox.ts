import { createHash } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import type { CallEvent } from '../domain/callEvent';
import { wants, type Subscription } from '../domain/subscription';
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
  /** The subscriptions that wanted it when it was written; undefined in rows written before that was recorded. */
  readonly subscribers: readonly string[] | undefined;
}

/** An event and who wants it, as a row stores it. */
interface Addressed {
  readonly event: CallEvent;
  readonly to: readonly string[];
}

/** The events with the subscriptions that want them (unexpired when it happened); events nobody wants are left out. */
export function addressed(events: readonly CallEvent[], audience: readonly Subscription[]): Addressed[] {
  return events.flatMap((event) => {
    const to = audience.filter((s) => wants(s, event) && s.expiresAt > event.occurredAt).map((s) => s.id);
    return to.length > 0 ? [{ event, to }] : [];
  });
}



/** One outbox row: the events of one change, in order. */
export interface OutboxRow {
  readonly callId: string;
  readonly rowKey: string;
  readonly events: readonly OutboxEvent[];
}

/**
 * The outbox rows for `events` (a change's, see changeEventsOf): only the events some subscription
 * in `audience` wants, each with their ids, so nothing is written when nobody listens and the
 * fan-out reads no subscription.
 */
export function outboxRows(callId: string, events: readonly CallEvent[], audience: readonly Subscription[]): TableEntity[] {
  const wanted = addressed(events, audience);
  const rows: TableEntity[] = [];
  for (let i = 0; i < wanted.length; i += eventsPerRow) {
    const slice = wanted.slice(i, i + eventsPerRow);
    rows.push({
      partitionKey: partitionKeyOf(callId),
      rowKey: `${outboxPrefix}${hash(`${callId}\n${slice.map((e) => e.event.key).join('\n')}`, 27)}`,
      callId,
      count: slice.length,
      ...toChunks('addressed', slice),
    });
  }
  return rows;
}

/** An outbox row's events, as the service returned the row (rows written before `addressed` hold bare events). */
export function outboxRowOf(callId: string, row: Record<string, unknown>): OutboxRow {
  const rowKey = String(row.rowKey);
  const entry = (event: CallEvent, subscribers: readonly string[] | undefined): OutboxEvent => ({ id: eventIdOf(event.callId, event.key), event, subscribers });
  const current = fromChunks<Addressed[]>('addressed', row, []);
  if (current.length > 0) return { callId, rowKey, events: current.map((a) => entry(a.event, a.to)) };
  return { callId, rowKey, events: fromChunks<CallEvent[]>('events', row, []).map((e) => entry(e, undefined)) };
}

/** Writing them: upserts, so writing a row again (a retry) is harmless. */
export const outboxActions = (rows: readonly TableEntity[]): TransactionAction[] => rows.map((row) => ['upsert', row, 'Replace']);

/**
 * How long after its change an outbox row waits for the timer: it is fanned out at once by the
 * instance that wrote it (immediate delivery), so the timer takes only what that did not finish.
 */
export const outboxFallbackMs = 15_000;

/** Their index rows (sweepIndex.ts), written before them so the delivery timer finds them without scanning. */
export const outboxChecks = (rows: readonly TableEntity[], now: Date): SweepEntry[] => rows.map((row) => sweepEntry('evt', String(row.callId), row.rowKey, new Date(now.getTime() + outboxFallbackMs)));

/** An outbox row just stored, and the check that finds it if nobody fans it out sooner. */
export interface CommittedRow {
  readonly row: OutboxRow;
  readonly check: SweepEntry;
}

/** The rows a write stored, for whoever delivers at once. */
export const committedRows = (callId: string, rows: readonly TableEntity[], checks: readonly SweepEntry[]): CommittedRow[] =>
  rows.flatMap((row, i) => {
    const check = checks[i];
    return check ? [{ row: outboxRowOf(callId, row), check }] : [];
  });

export class Outbox {
  constructor(private readonly access: TableAccess) {}

  /** The outbox row an index row points at, or undefined (not written: its change lost a race; or fanned out already). */
  async get(callId: string, rowKey: string): Promise<OutboxRow | undefined> {
    try {
      const row = await this.access.run(() => this.access.table.getEntity<Record<string, unknown>>(partitionKeyOf(callId), rowKey));
      return outboxRowOf(callId, row);
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
