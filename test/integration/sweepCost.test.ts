import { describe, expect, it } from 'vitest';
import type { TransactionAction } from '@azure/data-tables';
import { RequestCounter } from '../../dev/requestCounter';
import { getServices } from '../../src/lib/app/services';
import { callToEntity, invitationToEntity, partitionKeyOf } from '../../src/lib/storage/entities';
import { identityKey } from '../../src/lib/domain/identity';
import { newInvitation } from '../../src/lib/domain/invitation';
import { useTestStack, user } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(inner) });

const sweeps = ['finalizeInvitations', 'replayNotifications', 'purgeIdleCalls'];
const runSweeps = async () => {
  for (const name of sweeps) await stack().stack.host.runTimer(name);
};

/** A call that went through the app: invited, answered, left, ended. */
async function finishedCall(name: string): Promise<string> {
  const t = stack();
  const sim = t.stack.simulator.sim;
  const call = sim.createCall(`${t.url}/api/callback`);
  expect((await t.invite(call.id, { participants: [user(name)], clientContext: name })).status).toBe(202);
  await t.settle();
  const joined = [...call.participants.values()].find((p) => p.identity.user);
  if (joined) sim.leave(call.id, joined.id);
  sim.endCall(call.id);
  await t.settle();
  return call.id;
}

/** Many more finished calls, written as the app leaves them once their checks have run (bulk, to be quick). */
async function storedFinishedCalls(count: number): Promise<string[]> {
  const { storage } = await getServices();
  const ids = Array.from({ length: count }, (_, i) => `stored-finished-${i}`);
  const ada = { kind: 'user' as const, id: 'ada', displayName: undefined, tenantId: undefined };
  const now = new Date();
  for (const callId of ids) {
    const inv = newInvitation({ callId, clientContext: 'c', invitees: [ada], identityKeys: [identityKey(ada)], requestHash: 'h', now, timeoutSeconds: 120 });
    const rows = [
      callToEntity({ callId, state: 'terminated', resultInfo: undefined, terminatedAt: now.toISOString(), createdAt: now.toISOString(), updatedAt: now.toISOString() }),
      invitationToEntity({ ...inv, status: 'completed', outcomeReason: 'operationCompleted' }),
      { partitionKey: partitionKeyOf(callId), rowKey: 'ver' },
    ];
    await storage.submitInBatches(rows.map((row): TransactionAction => ['create', row]));
  }
  return ids;
}

describe('sweep cost is the open work, not the table', () => {
  it('with many finished calls stored, the sweeps read no row of any of them; an open invitation costs its own rows', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const finished = [];
    for (let i = 0; i < 12; i++) finished.push(await finishedCall(`done-${i}`));
    // Their invitation checks come due (a lease after each invite) and end: one look each, once.
    t.advance(60);
    await runSweeps();
    finished.push(...(await storedFinishedCalls(400)));
    const finishedPartitions = new Set(finished.map(partitionKeyOf));
    const rowsStored = (await t.tableRows()).length;
    expect(rowsStored).toBeGreaterThan(1000);

    // Nothing open: nothing read, and no query that makes the service scan the table.
    counter.reset();
    await runSweeps();
    expect(counter.scans).toBe(0);
    expect(counter.entitiesRead).toBe(0);

    // One invitation still ringing: its check comes due (a lease after the invite), then its deadline.
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const open = t.newCall();
    expect((await t.invite(open, { participants: [user('ringing')], clientContext: 'ringing' })).status).toBe(202);
    await t.settle();
    for (const seconds of [60, 121]) {
      t.advance(seconds);
      counter.reset();
      await runSweeps();
      counter.enabled = false;
      expect(counter.scans).toBe(0);
      const partitions = [...counter.partitionsRead.keys()];
      expect(partitions.filter((p) => finishedPartitions.has(p))).toEqual([]);
      // Read: the check itself (its shard) and the open call's own rows, nothing else.
      expect(partitions.every((p) => p === partitionKeyOf(open) || p.startsWith('!sweep-') || p === '')).toBe(true);
      expect(counter.entitiesRead).toBeLessThanOrEqual(8);
    }
    expect((await t.getJson(`/api/calls/${open}/invitations/ringing`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
  }, 60_000);
});
