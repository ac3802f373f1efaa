import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  callFromEntity,
  callRowKey,
  callToEntity,
  invitationFromEntity,
  invitationPrefix,
  invitationRowKey,
  invitationToEntity,
  participantPrefix,
  partitionKeyOf,
  prefixEnd,
  rosterFromEntity,
  rosterToEntity,
  type TableEntity,
} from './entities';
import { AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { StorageUnavailableError } from './errors';
import { inboxFromEntity, inboxPrefix, inboxToEntity, type InboxEntry } from './inbox';
import type { Invitation } from './invitation';
import { isEmpty, type CallChanges, type CallRecord, type CallSnapshot, type RosterEntry } from './roster';
import { isConcurrencyConflict, isNotFound, isStorageUnavailable, isTableMissing } from './tableErrors';

export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

export interface StoredCall {
  readonly snapshot: CallSnapshot;
  /** Acknowledged notifications for this call not applied yet, oldest first. */
  readonly inbox: readonly InboxEntry[];
  readonly etags: ReadonlyMap<string, string>;
}

/** What one read-modify-write of a call decides: rows to write, inbox rows it applied, a result. */
export interface CallModification<R> {
  readonly changes: CallChanges;
  readonly consumedInbox: readonly string[];
  readonly result: R;
}

const maxConflictRetries = 20;
const transactionLimit = 100;

/** Table Storage access for calls, invitations and rosters. Every racing write is ETag-conditional. */
export class CallStore {
  private tableReady: Promise<void> | undefined;

  constructor(private readonly table: TableClient) {}

  /** Runs a storage operation, creating the table on first use and mapping outages to 503. */
  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isTableMissing(error)) {
        this.tableReady ??= this.table.createTable();
        await this.tableReady;
        return this.run(operation);
      }
      if (isStorageUnavailable(error) || isCredentialFailure(error)) throw new StorageUnavailableError(error);
      throw error;
    }
  }

  /** Proves the table answers: a point read of a row that never exists. */
  async ping(): Promise<void> {
    try {
      await this.run(() => this.table.getEntity('health', 'probe'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Records a new invitation; returns the one already stored under its key if there is one. */
  async createInvitation(inv: Invitation): Promise<{ created: boolean; stored: Versioned<Invitation> }> {
    const entity = invitationToEntity(inv);
    try {
      const response = await this.run(() => this.table.createEntity(entity));
      return { created: true, stored: { value: inv, etag: response.etag ?? '' } };
    } catch (error) {
      if (!isConcurrencyConflict(error)) throw error;
      const existing = await this.getInvitation(inv.callId, inv.clientContext);
      if (!existing) return this.createInvitation(inv);
      return { created: false, stored: existing };
    }
  }

  async getInvitation(callId: string, clientContext: string): Promise<Versioned<Invitation> | undefined> {
    try {
      const e = await this.run(() =>
        this.table.getEntity<Record<string, unknown>>(partitionKeyOf(callId), invitationRowKey(clientContext)),
      );
      return { value: invitationFromEntity(e), etag: e.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async deleteInvitation(stored: Versioned<Invitation>): Promise<void> {
    const { partitionKey, rowKey } = invitationToEntity(stored.value);
    try {
      await this.run(() => this.table.deleteEntity(partitionKey, rowKey, { etag: stored.etag }));
    } catch (error) {
      // Someone (a notification) touched it since: then it is real and stays.
      if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
    }
  }

  /**
   * Read-modify-write of one invitation: applies `change` to the stored version and writes it
   * if the ETag still matches, re-reading and re-applying on conflict.
   */
  async updateInvitation(
    start: Versioned<Invitation>,
    change: (inv: Invitation) => Invitation,
  ): Promise<Invitation> {
    let current: Versioned<Invitation> | undefined = start;
    for (let attempt = 0; current; attempt++) {
      const next = change(current.value);
      if (next === current.value) return next;
      try {
        const entity = invitationToEntity(next);
        const etag: string = current.etag;
        await this.run(() => this.table.updateEntity(entity, 'Replace', { etag }));
        return next;
      } catch (error) {
        if (!isConcurrencyConflict(error) || attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
        current = await this.getInvitation(start.value.callId, start.value.clientContext);
      }
    }
    return start.value;
  }

  /** Reads everything stored about a call in one partition query. */
  async readCall(callId: string): Promise<StoredCall> {
    const etags = new Map<string, string>();
    let call: CallRecord | undefined;
    const invitations: Invitation[] = [];
    const roster: RosterEntry[] = [];
    const inbox: InboxEntry[] = [];
    await this.run(async () => {
      const pages = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${partitionKeyOf(callId)}` },
      });
      for await (const e of pages) {
        const rowKey = String(e.rowKey);
        etags.set(rowKey, e.etag);
        if (rowKey === callRowKey) call = callFromEntity(e);
        else if (rowKey.startsWith(invitationPrefix)) invitations.push(invitationFromEntity(e));
        else if (rowKey.startsWith(participantPrefix)) roster.push(rosterFromEntity(e));
        else if (rowKey.startsWith(inboxPrefix)) inbox.push(inboxFromEntity(e));
      }
    });
    return { snapshot: { callId, call, invitations, roster }, inbox, etags };
  }

  /**
   * Read-modify-write of a call: `decide` sees the stored state and says what to write, and which
   * inbox rows that applies (they are deleted in the same writes). Everything is conditional on the
   * ETags read; a conflict means a parallel writer won, so read again and decide again.
   */
  async modifyCall<R>(callId: string, decide: (stored: StoredCall) => CallModification<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.readCall(callId);
      const decision = decide(stored);
      if (isEmpty(decision.changes) && decision.consumedInbox.length === 0) return decision.result;
      try {
        await this.write(callId, decision, stored.etags);
        return decision.result;
      } catch (error) {
        // 404: a parallel writer already applied (and deleted) an inbox row this one read.
        const lostRace = isConcurrencyConflict(error) || isNotFound(error);
        if (!lostRace || attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
      }
    }
  }

  /** modifyCall for changes that do not involve the inbox. */
  async updateCall(callId: string, change: (snapshot: CallSnapshot) => CallChanges): Promise<CallChanges> {
    return this.modifyCall(callId, (stored) => {
      const changes = change(stored.snapshot);
      return { changes, consumedInbox: [], result: changes };
    });
  }

  private async write(callId: string, decision: CallModification<unknown>, etags: ReadonlyMap<string, string>): Promise<void> {
    const { changes } = decision;
    const entities: TableEntity[] = [
      ...changes.roster.map((r) => rosterToEntity(callId, r)),
      ...changes.invitations.map(invitationToEntity),
      // The call row goes last: if a later batch conflicts, the earlier ones were idempotent.
      ...(changes.call ? [callToEntity(changes.call)] : []),
    ];
    const actions: TransactionAction[] = entities.map((entity) => {
      const etag = etags.get(entity.rowKey);
      return etag ? ['update', entity, 'Replace', { etag }] : ['create', entity];
    });
    // Inbox rows are deleted last, so a failure before then leaves them to be applied again.
    // (Deletes in a transaction are unconditional; a row already gone fails the batch with 404.)
    const partitionKey = partitionKeyOf(callId);
    for (const rowKey of decision.consumedInbox) actions.push(['delete', { partitionKey, rowKey }]);
    for (let i = 0; i < actions.length; i += transactionLimit) {
      const batch = actions.slice(i, i + transactionLimit);
      await this.run(() => this.table.submitTransaction(batch));
    }
  }

  /** Records acknowledged notifications durably; they are applied by modifyCall later or now. */
  async recordInbox(entry: InboxEntry): Promise<void> {
    await this.run(() => this.table.createEntity(inboxToEntity(entry)));
  }

  /** Inbox rows across all calls: pending ones received before `before`, and/or dead ones. */
  async listInbox(options: { readonly before?: Date; readonly dead?: boolean } = {}): Promise<InboxEntry[]> {
    const entries: InboxEntry[] = [];
    const range = odata`RowKey ge ${inboxPrefix} and RowKey lt ${prefixEnd(inboxPrefix)}`;
    const dead = options.dead === undefined ? '' : options.dead ? ' and dead eq true' : ' and dead eq false';
    const before = options.before ? ` and ${odata`receivedAtTime le ${options.before}`}` : '';
    await this.run(async () => {
      for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: range + dead + before } })) {
        entries.push(inboxFromEntity(e));
      }
    });
    return entries;
  }

  /** Updates one inbox row (attempt counts, dead-lettering, revival); gone rows are ignored. */
  async updateInbox(entry: InboxEntry, change: (entry: InboxEntry) => InboxEntry): Promise<void> {
    const partitionKey = partitionKeyOf(entry.callId);
    for (let attempt = 0; attempt <= maxConflictRetries; attempt++) {
      let current: Record<string, unknown> & { etag: string };
      try {
        current = await this.run(() => this.table.getEntity<Record<string, unknown>>(partitionKey, entry.rowKey));
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      try {
        const next = inboxToEntity(change(inboxFromEntity(current)));
        await this.run(() => this.table.updateEntity(next, 'Replace', { etag: current.etag }));
        return;
      } catch (error) {
        if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
      }
    }
  }

  /** Calls that hold an open invitation whose deadline has passed (the timeout sweep's work list). */
  async callsWithExpiredInvitations(now: Date): Promise<string[]> {
    const callIds = new Set<string>();
    await this.run(async () => {
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`RowKey ge ${invitationPrefix} and RowKey lt ${prefixEnd(invitationPrefix)} and open eq true and deadline le ${now}`,
          select: ['callId'],
        },
      });
      for await (const row of rows) callIds.add(String(row.callId));
    });
    return [...callIds];
  }
}

/** No token for storage (managed identity endpoint down): as unavailable as storage itself. */
function isCredentialFailure(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof CredentialUnavailableError;
}

async function backoff(attempt: number): Promise<void> {
  // Jitter spreads racing writers apart; the cap keeps a busy call's notifications moving.
  await sleep(Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random());
}
