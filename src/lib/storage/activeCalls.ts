import { createHash } from 'node:crypto';
import { odata } from '@azure/data-tables';
import { encodeKey } from './keys';
import type { TableAccess, Versioned } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/*
 * The bot's open calls: one row per call the app placed, joined or answered, in one partition of
 * the sweeps' table (which only ever holds open work), keyed by what asked for the call: the
 * meeting (so a second join of the same meeting finds the first), the clientContext of a call to
 * people, or the call id of an answered call. The row is written before Graph is called (Graph's
 * create call has no idempotency of its own: the row is the claim) and deleted when the call ends,
 * so listing the active calls reads exactly these rows.
 */

export type CallRequestState =
  /** A request owns the row until leaseUntil: it is talking to Graph. */
  | 'sending'
  /** Graph created (or the bot answered) the call `callId`. */
  | 'created'
  /** Graph's answer was lost (timeout, 5xx): a call may exist that we cannot name. */
  | 'unknown';

export interface CallRequestRow {
  readonly requestKey: string;
  readonly kind: 'meeting' | 'outgoing' | 'incoming';
  readonly state: CallRequestState;
  readonly callId: string | undefined;
  readonly leaseUntil: string | undefined;
  /** What the request asked for, so the same key with a different request is told apart (409). */
  readonly requestHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const activeCallsPartition = '!calls';
const maxRowKeyChars = 512;

export function requestRowKey(requestKey: string): string {
  const readable = encodeKey(requestKey);
  return readable.length <= maxRowKeyChars ? readable : `!${createHash('sha256').update(requestKey).digest('base64url')}`;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function toEntity(row: CallRequestRow) {
  return {
    partitionKey: activeCallsPartition,
    rowKey: requestRowKey(row.requestKey),
    requestKey: row.requestKey,
    kind: row.kind,
    state: row.state,
    callId: row.callId ?? '',
    leaseUntil: row.leaseUntil ?? '',
    requestHash: row.requestHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function fromEntity(e: Record<string, unknown>): CallRequestRow {
  return {
    requestKey: String(e.requestKey),
    kind: String(e.kind) as CallRequestRow['kind'],
    state: String(e.state) as CallRequestState,
    callId: str(e.callId),
    leaseUntil: str(e.leaseUntil),
    requestHash: String(e.requestHash ?? ''),
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
  };
}

export class ActiveCalls {
  constructor(private readonly work: TableAccess) {}

  async get(requestKey: string): Promise<Versioned<CallRequestRow> | undefined> {
    try {
      const e = await this.work.run(() => this.work.table.getEntity<Record<string, unknown>>(activeCallsPartition, requestRowKey(requestKey)));
      return { value: fromEntity(e), etag: e.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Creates the row (the claim); undefined when another request created it first. */
  async create(row: CallRequestRow): Promise<Versioned<CallRequestRow> | undefined> {
    try {
      const r = await this.work.run(() => this.work.table.createEntity(toEntity(row)));
      return { value: row, etag: r.etag ?? '' };
    } catch (error) {
      if (isConcurrencyConflict(error)) return undefined;
      throw error;
    }
  }

  /** Replaces the row if nobody changed it since `stored`; undefined if someone did. */
  async replace(stored: Versioned<CallRequestRow>, next: CallRequestRow): Promise<Versioned<CallRequestRow> | undefined> {
    try {
      const r = await this.work.run(() => this.work.table.updateEntity(toEntity(next), 'Replace', { etag: stored.etag }));
      return { value: next, etag: r.etag ?? '' };
    } catch (error) {
      if (isConcurrencyConflict(error) || isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Upsert without a condition: an answered call's row (its call id is its key: nothing to race). */
  async put(row: CallRequestRow): Promise<void> {
    await this.work.run(() => this.work.table.upsertEntity(toEntity(row), 'Replace'));
  }

  /** Deletes the row if it is still `stored` (a newer request for the same meeting keeps its own). */
  async remove(stored: Versioned<CallRequestRow>): Promise<boolean> {
    try {
      await this.work.run(() => this.work.table.deleteEntity(activeCallsPartition, requestRowKey(stored.value.requestKey), { etag: stored.etag }));
      return true;
    } catch (error) {
      if (isConcurrencyConflict(error) || isNotFound(error)) return false;
      throw error;
    }
  }

  /** Every row: the calls open now and requests in flight. One partition query. */
  async list(): Promise<Versioned<CallRequestRow>[]> {
    return this.work.run(async () => {
      const rows: Versioned<CallRequestRow>[] = [];
      const filter = odata`PartitionKey eq ${activeCallsPartition}`;
      for await (const e of this.work.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) rows.push({ value: fromEntity(e), etag: e.etag });
      return rows;
    });
  }
}
