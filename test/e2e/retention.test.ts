import { setTimeout as pause } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack();
const day = 24 * 60 * 60 * 1000;

/** A call with an answered invitation and a roster: every kind of row a call has. */
async function answeredCall(name: string): Promise<string> {
  const t = stack();
  const callId = t.newCall();
  await t.settle(); // the call is established before anyone is invited into it, as with Graph
  expect((await t.invite(callId, { participants: [user(name)], clientContext: name })).status).toBe(202);
  await t.settle();
  expect((await t.getJson(`/api/calls/${callId}/invitations/${name}`)).body).toMatchObject({ status: 'completed' });
  return callId;
}

/** Runs the daily purge as if it were `at`. */
async function purgeAt(at: Date): Promise<void> {
  const t = stack();
  t.freezeClock(at);
  try {
    await t.stack.host.runTimer('purgeIdleCalls');
  } finally {
    t.freezeClock(undefined);
  }
}

async function rowsOf(callId: string): Promise<Record<string, unknown>[]> {
  return (await stack().tableRows()).filter((r) => r.callId === callId || r.partitionKey === encodeURIComponent(callId));
}

describe('retention: the daily purge', () => {
  it('deletes calls unchanged for RETENTION_DAYS (30 by default) and keeps any call with a newer change', async () => {
    const t = stack();
    const idle = await answeredCall('idle');
    const revived = await answeredCall('revived');
    // Table timestamps are in milliseconds: the cutoff falls strictly between the two eras.
    await pause(20);
    const cutoff = new Date();
    await pause(20);
    const fresh = await answeredCall('fresh');
    // One roster change after the cutoff keeps the whole of an otherwise old call.
    const call = t.stack.simulator.sim.calls.get(revived);
    const person = [...(call?.participants.values() ?? [])].find((p) => p.identity.user);
    if (!call || !person) throw new Error('call missing');
    call.mute(person.id, true);
    t.stack.simulator.sim.deliver(call, [call.roster({ legacy: false })]);
    await t.settle();
    const kept = { revived: await rowsOf(revived), fresh: await rowsOf(fresh) };
    expect((await rowsOf(idle)).map((r) => String(r.rowKey).slice(0, 4)).sort()).toEqual(expect.arrayContaining(['call', 'inv_', 'ros_']));

    await purgeAt(new Date(cutoff.getTime() + 30 * day));

    expect(await rowsOf(idle)).toEqual([]);
    expect((await t.getJson(`/api/calls/${idle}/invitations/idle`)).status).toBe(404);
    expect((await t.getJson(`/api/calls/${idle}/participants`)).status).toBe(404);
    expect(await rowsOf(revived)).toEqual(kept.revived);
    expect(await rowsOf(fresh)).toEqual(kept.fresh);
    expect((await t.getJson(`/api/calls/${revived}/invitations/revived`)).body).toMatchObject({ status: 'completed' });
    expect(t.logs.some((line) => line.includes('idle calls purged') && /calls: 1\b/.test(line))).toBe(true);

    // A second run finds nothing more to delete.
    const before = await t.tableRows();
    await purgeAt(new Date(cutoff.getTime() + 30 * day));
    expect(await t.tableRows()).toEqual(before);
  });
});
