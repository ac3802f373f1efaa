import { describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { getServices } from '../../src/lib/app/services';
import { partitionKeyOf } from '../../src/lib/storage/entities';
import { writeFinishedCalls } from '../../dev/finishedCalls';
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

describe('sweep cost is the open work, not the table', () => {
  it('with many finished calls stored, the sweeps read no row of any of them; an open invitation costs its own rows', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const finished = [];
    for (let i = 0; i < 12; i++) finished.push(await finishedCall(`done-${i}`));
    // Their invitation checks come due (a lease after each invite) and end: one look each, once.
    t.advance(60);
    await runSweeps();
    const { storage, sweeps } = await getServices();
    finished.push(...(await writeFinishedCalls(storage, sweeps, 'stored-finished', 300)));
    const finishedPartitions = new Set(finished.map(partitionKeyOf));
    const rowsStored = (await t.tableRows()).length;
    expect(rowsStored).toBeGreaterThan(1000);

    // Nothing open: nothing read, and no query that makes the service scan the table. (The minute
    // timer's one question, "is anything due?", is a query of the work table, which holds only open work.)
    counter.reset();
    await runSweeps();
    expect(counter.scans).toBe(1);
    expect([...counter.scansByTable.keys()]).toEqual(['callinvitationssweeps']);
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
      expect(counter.scansByTable.get('callinvitations') ?? 0).toBe(0);
      const partitions = [...counter.partitionsRead.keys()];
      expect(partitions.filter((p) => finishedPartitions.has(p))).toEqual([]);
      // Read: the check itself (its shard) and the open call's own rows, nothing else.
      expect(partitions.every((p) => p === partitionKeyOf(open) || p.startsWith('!sweep-') || p === '')).toBe(true);
      expect(counter.entitiesRead).toBeLessThanOrEqual(8);
    }
    expect((await t.getJson(`/api/calls/${open}/invitations/ringing`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
  }, 60_000);
});
