import { odata } from '@azure/data-tables';
import { invitationFromEntity, invitationPrefix, invitationRowKey, invitationToEntity, partitionKeyOf, prefixEnd } from './entities';
import type { Invitation } from '../domain/invitation';
import { outboxActions } from './outbox';
import { backoff, maxConflictRetries, type TableAccess, type Versioned } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/** Invitation rows by (call id, clientContext): the invite path's point reads and writes. */
export class InvitationStore {
  constructor(private readonly access: TableAccess) {}

  /** Records a new invitation; returns the one already stored under its key if there is one. */
  async createInvitation(inv: Invitation): Promise<{ created: boolean; stored: Versioned<Invitation> }> {
    const entity = invitationToEntity(inv);
    try {
      const response = await this.access.run(() => this.access.table.createEntity(entity));
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
      const e = await this.access.run(() =>
        this.access.table.getEntity<Record<string, unknown>>(partitionKeyOf(callId), invitationRowKey(clientContext)),
      );
      return { value: invitationFromEntity(e), etag: e.etag };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** One ETag-conditional replace (a claim): the new version, or undefined if someone wrote first. */
  async replaceIfUnchanged(stored: Versioned<Invitation>, next: Invitation): Promise<Versioned<Invitation> | undefined> {
    try {
      const response = await this.access.run(() => this.access.table.updateEntity(invitationToEntity(next), 'Replace', { etag: stored.etag }));
      return { value: next, etag: response.etag ?? '' };
    } catch (error) {
      if (isConcurrencyConflict(error)) return undefined;
      throw error;
    }
  }

  /** Invitations recorded before `before` that no request ever tried to send (the sender died first). */
  async neverTried(before: Date): Promise<{ callId: string; clientContext: string }[]> {
    const found: { callId: string; clientContext: string }[] = [];
    await this.access.run(async () => {
      const rows = this.access.table.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`RowKey ge ${invitationPrefix} and RowKey lt ${prefixEnd(invitationPrefix)} and sendState eq 'unsent' and sendAttempts eq 0 and createdAt le ${before.toISOString()}`,
          select: ['callId', 'clientContext'],
        },
      });
      for await (const row of rows) found.push({ callId: String(row.callId), clientContext: String(row.clientContext) });
    });
    return found;
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
        // An invitation reaching its outcome here (Graph refused it, a caller cancelled it) is an event too.
        const before = current.value;
        const events = outboxActions({ callId: before.callId, call: undefined, invitations: [before], roster: [] }, { call: undefined, invitations: [next], roster: [] });
        if (events.length === 0) await this.access.run(() => this.access.table.updateEntity(entity, 'Replace', { etag }));
        else await this.access.run(() => this.access.table.submitTransaction([['update', entity, 'Replace', { etag }], ...events]));
        return next;
      } catch (error) {
        if (!isConcurrencyConflict(error) || attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
        current = await this.getInvitation(start.value.callId, start.value.clientContext);
      }
    }
    return start.value;
  }
}
