import type { TransactionAction } from '@azure/data-tables';
import { invitationFromEntity, invitationRowKey, invitationToEntity, partitionKeyOf, type TableEntity } from './entities';
import type { Invitation } from '../domain/invitation';
import type { CallCache } from './callCache';
import { versionAction, versionBump } from './callWrite';
import { committedRows, outboxActions, outboxChecks, outboxRows, type CommittedRow } from './outbox';
import type { SubscriptionCache } from './subscriptionCache';
import { eventsOf } from '../domain/callEvent';
import type { SweepIndex } from './sweepIndex';
import { afterWrite, versionOf } from './storedCall';
import { invitationEventRows } from './timelineRows';
import { invitationEvents } from '../domain/timelineEvents';
import { backoff, maxConflictRetries, type TableAccess, type Versioned } from './tableAccess';
import { isConcurrencyConflict, isNotFound } from './tableErrors';

/**
 * Invitation rows by (call id, clientContext): the invite path's point reads and writes. Each write
 * also changes the call's version (ver row) in the same transaction, so an instance deciding from
 * its copy of the call never misses an invitation; this instance's own copy is kept in step.
 */
export class InvitationStore {
  constructor(
    private readonly access: TableAccess,
    private readonly cache: CallCache,
    /** Where an invitation's outcome event (the outbox) is indexed, and the clock for it. */
    private readonly sweeps: SweepIndex,
    private readonly now: () => Date,
    /** Who wants the events of every call; a call's own subscribers are read when an event needs them. */
    private readonly subscriptions: SubscriptionCache,
    /** Told of the outbox rows a write stored, once it is stored (immediate delivery). */
    private readonly committed: (rows: readonly CommittedRow[]) => void = () => {},
  ) {}

  /**
   * Records a new invitation; returns the one already stored under its key if there is one. The
   * call's retention check comes first (once per call and process), and the write sets the call's
   * flag, so the call's notifications do not write it: an invited call's first write is its invite.
   */
  async createInvitation(inv: Invitation): Promise<{ created: boolean; stored: Versioned<Invitation> }> {
    try {
      await this.sweeps.ensurePurgeCheck(inv.callId, this.now());
      const etag = await this.write(inv, (entity) => ['create', entity], [], true);
      return { created: true, stored: { value: inv, etag } };
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
      return { value: next, etag: await this.write(next, (entity) => ['update', entity, 'Replace', { etag: stored.etag }]) };
    } catch (error) {
      if (isConcurrencyConflict(error)) return undefined;
      throw error;
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
        const etag: string = current.etag;
        // An invitation reaching its outcome here (Graph refused it, a caller cancelled it) is an
        // event for the webhooks (the outbox); sent, or refused by Graph, is one for the timeline.
        // Both in the same transaction as the invitation.
        const before = current.value;
        const events = eventsOf({ callId: before.callId, call: undefined, invitations: [before], roster: [] }, { call: undefined, invitations: [next], roster: [] });
        const outbox = outboxRows(before.callId, events, events.length === 0 ? [] : await this.audience(before.callId));
        const checks = outboxChecks(outbox, this.now());
        if (outbox.length > 0) await this.sweeps.schedule(checks);
        const eventRows = invitationEventRows(next.callId, invitationEvents(before, next)).map((row): TransactionAction => ['create', row]);
        await this.write(next, (entity) => ['update', entity, 'Replace', { etag }], [...eventRows, ...outboxActions(outbox)]);
        if (outbox.length > 0) this.committed(committedRows(before.callId, outbox, checks));
        return next;
      } catch (error) {
        if (!isConcurrencyConflict(error) || attempt >= maxConflictRetries) throw error;
        await backoff(attempt);
        current = await this.getInvitation(start.value.callId, start.value.clientContext);
      }
    }
    return start.value;
  }

  /** Who may want an event of the call: its own subscribers (from a trusted copy, or one range read) and every call's. */
  private async audience(callId: string) {
    const cached = this.cache.get(callId);
    const own = cached?.trusted && cached.stored.subscribers ? cached.stored.subscribers : await this.subscriptions.forCall(callId);
    return [...own, ...(await this.subscriptions.allCalls())];
  }

  /**
   * Writes the invitation row and the call's version in one transaction; returns the row's ETag.
   * With a trusted copy of the call, the version write is conditional on it and the copy moves on;
   * if someone else changed the call meanwhile, the copy is dropped and the write made without it.
   */
  private async write(inv: Invitation, action: (entity: TableEntity) => TransactionAction, events: readonly TransactionAction[] = [], retention = false): Promise<string> {
    const entity = invitationToEntity(inv);
    const cached = this.cache.get(inv.callId);
    const copy = cached?.trusted ? cached.stored : undefined;
    const retentionChecked = retention || copy?.retentionChecked === true;
    try {
      const version = copy ? versionAction(inv.callId, versionOf(copy), retentionChecked) : versionBump(inv.callId, retention);
      const etags = await this.access.submitInBatches([action(entity), version, ...events]);
      if (copy) {
        const decision = { changes: { call: undefined, invitations: [inv], roster: [] }, consumedInbox: [], result: undefined };
        this.cache.set(inv.callId, { stored: afterWrite(copy, decision, etags, retentionChecked), trusted: true });
      }
      return etags.get(entity.rowKey) ?? '';
    } catch (error) {
      if (!copy || !(isConcurrencyConflict(error) || isNotFound(error))) throw error;
      this.cache.forget(inv.callId);
      return this.write(inv, action, events, retention);
    }
  }
}
