import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInvitation } from '../../src/lib/domain/invitation';
import type { RosterEntry } from '../../src/lib/domain/roster';
import { getServices, type Services } from '../../src/lib/app/services';
import { sweepEntry } from '../../src/lib/storage/sweepIndex';
import { openTestStack, type TestStack } from '../support/testStack';

let t: TestStack;
let store: Services['invitations'];
let calls: Services['calls'];
beforeAll(async () => {
  t = await openTestStack();
  store = (await getServices()).invitations;
  calls = (await getServices()).calls;
});
afterAll(async () => {
  await t?.close();
});

const t0 = new Date('2026-01-01T00:00:00Z');

function invitation(callId: string, clientContext: string, timeoutSeconds = 120) {
  const ada = { kind: 'user' as const, id: 'ada', displayName: undefined, tenantId: undefined };
  return newInvitation({ callId, clientContext, invitees: [ada], requestHash: 'h', now: t0, timeoutSeconds });
}

function participant(id: string): RosterEntry {
  return {
    participantId: id, identity: undefined, identityKey: undefined, endpointType: undefined, isMuted: false, isInLobby: false,
    present: true, joinedAt: t0.toISOString(), leftAt: undefined, removalReason: undefined, sequence: 1,
    invitationClientContext: undefined, updatedAt: t0.toISOString(),
  };
}

describe('call and invitation stores on Azurite', () => {
  it('stores ids holding characters Table Storage forbids in keys, and OData operators, unharmed', async () => {
    const callId = "call/with\\odd#chars?and'quotes' or PartitionKey ne ''";
    const clientContext = "ctx/1\\2#3?4'5%20 and RowKey ne ''";
    const created = await store.createInvitation(invitation(callId, clientContext));
    expect(created.created).toBe(true);
    expect((await store.getInvitation(callId, clientContext))?.value.clientContext).toBe(clientContext);
    const { snapshot } = await calls.readCall(callId);
    expect(snapshot.invitations.map((i) => i.clientContext)).toEqual([clientContext]);
    expect((await calls.readCall('call')).snapshot.invitations).toEqual([]);
  });

  it('a second create with the same key returns the stored invitation', async () => {
    await store.createInvitation(invitation('c-dup', 'same'));
    const again = await store.createInvitation({ ...invitation('c-dup', 'same'), requestHash: 'other' });
    expect(again.created).toBe(false);
    expect(again.stored.value.requestHash).toBe('h');
  });

  it('parallel read-modify-writes of one call lose no update (ETag conflicts are retried)', async () => {
    const callId = 'c-race';
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        calls.updateCall(callId, (snap) => ({
          call: undefined,
          invitations: [],
          // Each writer also rewrites what it read, so stale ETags really conflict.
          roster: [...snap.roster.map((r) => ({ ...r, updatedAt: `w${i}` })), participant(`p${i}`)],
        })),
      ),
    );
    const { snapshot } = await calls.readCall(callId);
    expect(snapshot.roster.map((r) => r.participantId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `p${i}`).sort());
  });

  it('writes more rows than one transaction holds', async () => {
    const roster = Array.from({ length: 250 }, (_, i) => participant(`big-${i}`));
    await calls.updateCall('c-big', () => ({ call: undefined, invitations: [], roster }));
    expect((await calls.readCall('c-big')).snapshot.roster).toHaveLength(250);
  });

  it('the sweep index returns the checks that are due, and only those, from every shard', async () => {
    const { sweeps } = await getServices();
    const due = (callId: string, at: Date) => sweepEntry('inv', callId, 'ctx', at);
    const ids = Array.from({ length: 20 }, (_, i) => `c-index-${i}`);
    for (const id of ids) {
      await sweeps.schedule([due(id, t0)]);
      await sweeps.schedule([due(`${id}-later`, new Date(t0.getTime() + 3_600_000))]);
    }
    const found = await sweeps.due('inv', new Date(t0.getTime() + 1000));
    expect(new Set(found.map((e) => e.shard)).size).toBeGreaterThan(1);
    expect(found.map((e) => e.callId).filter((id) => id.startsWith('c-index-')).sort()).toEqual([...ids].sort());
    for (const entry of found) await sweeps.complete(entry);
    expect(await sweeps.due('inv', new Date(t0.getTime() + 1000))).toEqual([]);
  });
});
