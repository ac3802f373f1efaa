import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { getServices } from '../../src/lib/app/services';
import { sweepEntry } from '../../src/lib/storage/sweepIndex';
import { useTestStack, user } from '../support/testStack';

/** Writes to the sweep index's partitions answer 503 while `failIndexWrites` is set. */
const faults = { failIndexWrites: false };
const failingIndex = (inner: HttpClient): HttpClient => ({
  async sendRequest(request) {
    const body = typeof request.body === 'string' ? request.body : '';
    const toIndex = decodeURIComponent(request.url).includes('!sweep-') || body.includes('!sweep-');
    if (faults.failIndexWrites && request.method !== 'GET' && toIndex) {
      return { request, status: 503, headers: createHttpHeaders({ 'retry-after': '0', 'content-type': 'application/json' }), bodyAsText: JSON.stringify({ 'odata.error': { code: 'ServerBusy', message: { value: 'busy' } } }) };
    }
    return inner.sendRequest(request);
  },
});

const stack = useTestStack({ wrapHttpClient: failingIndex });
const sent = (clientContext: string) => stack().stack.simulator.sim.invites.filter((i) => i.clientContext === clientContext && i.status === 200);

describe('the sweep index: a lost or repeated index write loses no deadline and no notification', () => {
  it('an index write that fails fails the request before anything else is written; the retry records both', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    await t.settle();
    const body = { participants: [user('ix-1')], clientContext: 'ix-1' };
    faults.failIndexWrites = true;
    try {
      expect((await t.invite(callId, body)).status).toBe(503);
    } finally {
      faults.failIndexWrites = false;
    }
    expect((await t.tableRows()).filter((r) => r.clientContext === 'ix-1')).toEqual([]);
    expect(sent('ix-1')).toEqual([]);
    expect((await t.invite(callId, body)).status).toBe(202);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(`/api/calls/${callId}/invitations/ix-1`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
  });

  it('repeated checks for one invitation finalize it once; a check whose row never got written is dropped', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    await t.settle();
    expect((await t.invite(callId, { participants: [user('ix-2')], clientContext: 'ix-2' })).status).toBe(202);
    const { sweeps } = await getServices();
    const now = (await getServices()).now();
    // Duplicates (a retried write, a second request), and an orphan (its invite died before recording).
    await sweeps.schedule([sweepEntry('inv', callId, 'ix-2', now)]);
    await sweeps.schedule([sweepEntry('inv', callId, 'ix-2', new Date(now.getTime() + 1000))]);
    await sweeps.schedule([sweepEntry('inv', callId, 'never-recorded', now)]);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(`/api/calls/${callId}/invitations/ix-2`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
    expect(sent('ix-2')).toHaveLength(1);
    expect((await sweeps.due('inv', (await getServices()).now())).filter((e) => e.callId === callId)).toEqual([]);
  });

  it('a notification that could not be applied, whose replay check write fails, is not acknowledged (Graph delivers again)', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const call = sim.createCall(`${t.url}/api/callback`);
    await t.settle();
    call.add({ user: { id: 'ix-3' } });
    faults.failIndexWrites = true;
    try {
      // A new call's first write schedules its retention check first: that fails, so nothing is applied.
      const other = sim.createCall(`${t.url}/api/callback`, 'ix-new-call');
      await t.settle();
      expect(sim.deliveries.filter((d) => d.callId === other.id).map((d) => d.status).every((s) => s === 503)).toBe(true);
    } finally {
      faults.failIndexWrites = false;
    }
    expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
    const roster = (await t.getJson(`/api/calls/${call.id}/participants`)).body as { participants: { identity: { id: string } | null }[] };
    expect(roster.participants.map((p) => p.identity?.id)).toContain('ix-3');
  });
});
