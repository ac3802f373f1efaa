import { invitationFromEntity, invitationRowKey, invitationToEntity, partitionKeyOf } from './entities';
import type { Invitation } from '../domain/invitation';
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

  async deleteInvitation(stored: Versioned<Invitation>): Promise<void> {
    const { partitionKey, rowKey } = invitationToEntity(stored.value);
    try {
      await this.access.run(() => this.access.table.deleteEntity(partitionKey, rowKey, { etag: stored.etag }));
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
        await this.access.run(() => this.access.table.updateEntity(entity, 'Replace', { etag }));
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
