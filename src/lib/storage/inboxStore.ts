import { odata } from '@azure/data-tables';
import { prefixEnd, partitionKeyOf } from './entities';
import { inboxFromEntity, inboxPrefix, inboxToEntity, type InboxEntry } from './inbox';
import { versionRowKey } from './storedCall';
import { maxConflictRetries, type TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/** The notification inbox across calls: recording, listing for the replay timer and operators. */
export class InboxStore {
  constructor(private readonly access: TableAccess) {}

  /**
   * Records acknowledged notifications durably; they are applied by modifyCall later or now. Then
   * changes the call's version, so that no instance decides from a copy without them. Two single
   * writes, not a transaction: this is the path taken when transactions fail (throttling).
   */
  async recordInbox(entry: InboxEntry): Promise<void> {
    await this.access.run(() => this.access.table.createEntity(inboxToEntity(entry)));
    await this.access.run(() => this.access.table.upsertEntity({ partitionKey: partitionKeyOf(entry.callId), rowKey: versionRowKey }, 'Merge'));
  }

  /** One call's inbox rows (a query of its partition's inbox range). */
  async listCallInbox(callId: string): Promise<InboxEntry[]> {
    const filter = odata`PartitionKey eq ${partitionKeyOf(callId)} and RowKey ge ${inboxPrefix} and RowKey lt ${prefixEnd(inboxPrefix)}`;
    return this.query(filter);
  }

  /**
   * Inbox rows across all calls, for operators (GET/POST /api/ops/notifications): a query of the
   * whole table, run only when an operator asks. The timers never call it (see SweepIndex).
   */
  async listInbox(options: { readonly before?: Date; readonly dead?: boolean } = {}): Promise<InboxEntry[]> {
    const range = odata`RowKey ge ${inboxPrefix} and RowKey lt ${prefixEnd(inboxPrefix)}`;
    const dead = options.dead === undefined ? '' : options.dead ? ' and dead eq true' : ' and dead eq false';
    const before = options.before ? ` and ${odata`receivedAtTime le ${options.before}`}` : '';
    return this.query(range + dead + before);
  }

  private async query(filter: string): Promise<InboxEntry[]> {
    const entries: InboxEntry[] = [];
    await this.access.run(async () => {
      for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) entries.push(inboxFromEntity(e));
    });
    return entries;
  }

  /** Updates one inbox row (attempt counts, dead-lettering, revival); gone rows are ignored. */
  async updateInbox(entry: InboxEntry, change: (entry: InboxEntry) => InboxEntry): Promise<void> {
    const partitionKey = partitionKeyOf(entry.callId);
    for (let attempt = 0; attempt <= maxConflictRetries; attempt++) {
      let current: Record<string, unknown> & { etag: string };
      try {
        current = await this.access.run(() => this.access.table.getEntity<Record<string, unknown>>(partitionKey, entry.rowKey));
      } catch (error) {
        if (isNotFound(error)) return;
        throw error;
      }
      try {
        const next = inboxToEntity(change(inboxFromEntity(current)));
        await this.access.run(() => this.access.table.updateEntity(next, 'Replace', { etag: current.etag }));
        return;
      } catch (error) {
        if (!isConcurrencyConflict(error) && !isNotFound(error)) throw error;
      }
    }
  }
}
