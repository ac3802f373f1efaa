import { odata } from '@azure/data-tables';
import { prefixEnd, partitionKeyOf } from './entities';
import { inboxFromEntity, inboxPrefix, inboxToEntity, type InboxEntry } from './inbox';
import { maxConflictRetries, type TableAccess } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/** The notification inbox across calls: recording, listing for the replay timer and operators. */
export class InboxStore {
  constructor(private readonly access: TableAccess) {}

  /** Records acknowledged notifications durably; they are applied by modifyCall later or now. */
  async recordInbox(entry: InboxEntry): Promise<void> {
    await this.access.run(() => this.access.table.createEntity(inboxToEntity(entry)));
  }

  /** Inbox rows across all calls: pending ones received before `before`, and/or dead ones. */
  async listInbox(options: { readonly before?: Date; readonly dead?: boolean } = {}): Promise<InboxEntry[]> {
    const entries: InboxEntry[] = [];
    const range = odata`RowKey ge ${inboxPrefix} and RowKey lt ${prefixEnd(inboxPrefix)}`;
    const dead = options.dead === undefined ? '' : options.dead ? ' and dead eq true' : ' and dead eq false';
    const before = options.before ? ` and ${odata`receivedAtTime le ${options.before}`}` : '';
    await this.access.run(async () => {
      for await (const e of this.access.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: range + dead + before } })) {
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
