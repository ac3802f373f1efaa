import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransactionAction } from '@azure/data-tables';
import { sweepInvitations } from '../../src/lib/app/finalizeService';
import { replayPendingNotifications } from '../../src/lib/app/replayService';
import { createServices, getServices } from '../../src/lib/app/services';
import { getConfig } from '../../src/lib/config/config';
import { newInvitation } from '../../src/lib/domain/invitation';
import { invitationToEntity } from '../../src/lib/storage/entities';
import { inboxToEntity, newInboxEntry } from '../../src/lib/storage/inbox';
import { isNotFound } from '../../src/lib/storage/tableErrors';
import { openTestStack, type TestStack } from '../support/testStack';

let t: TestStack;
beforeAll(async () => {
  t = await openTestStack();
});
afterAll(async () => {
  await t?.close();
});

describe('calls stored before the sweep index existed', () => {
  it('get their checks from a one-time backfill: an open invitation is finalized, a pending notification applied', async () => {
    const { storage } = await getServices();
    // As before the upgrade: no marker (the stack's own first sweep wrote one).
    try {
      await storage.run(() => storage.table.deleteEntity('!sweep-meta', 'backfilled-v1'));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const callId = 'legacy-call';
    const ada = { kind: 'user' as const, id: 'legacy-ada', displayName: undefined, tenantId: undefined };
    const created = new Date(Date.now() - 600_000);
    const inv = newInvitation({ callId, clientContext: 'legacy', invitees: [ada], requestHash: 'h', now: created, timeoutSeconds: 120 });
    const state = { kind: 'callState' as const, callId, state: 'established', resultInfo: undefined };
    // Rows as the previous version wrote them: no index rows, no version row.
    await storage.submitInBatches([
      ['create', invitationToEntity({ ...inv, status: 'running' })],
      ['create', inboxToEntity(newInboxEntry(callId, [state], created))],
    ] satisfies TransactionAction[]);
    const later = await createServices(getConfig(), { httpClient: t.stack.tls.httpClient });
    await sweepInvitations(later, { info: () => {}, warn: () => {} });
    expect((await later.invitations.getInvitation(callId, 'legacy'))?.value).toMatchObject({ status: 'failed', outcomeReason: 'timeout' });
    expect(await replayPendingNotifications(later)).toMatchObject({ calls: 1, applied: 1, failed: 0 });
    const stored = await later.calls.readCall(callId);
    expect(stored.snapshot.call?.state).toBe('established');
    expect(stored.inbox).toEqual([]);
    // Once done, never again: the marker row says so.
    expect(await later.sweeps.due('inv', new Date())).toEqual([]);
  });
});
