import { describe, expect, it } from 'vitest';
import { requestToken } from '../../dev/callerToken';
import { registerActiveCall } from '../../src/lib/app/activeCallsService';
import { getServices } from '../../src/lib/app/services';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack();

const join = async (joinMeetingId: string) => {
  const r = await stack().api('/api/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ joinMeetingId }) });
  expect(r.status).toBe(202);
  return ((await r.json()) as { callId: string }).callId;
};
const active = async () => {
  const r = await stack().getJson('/api/calls?state=active');
  expect(r.status).toBe(200);
  return (r.body.value as { callId: string; state: string }[]).map((c) => c.callId);
};

describe('hanging up', () => {
  it('DELETE /api/calls/{id}: Graph DELETE (204), 200 with the call; the open invitation ends callEnded; the call leaves the active list; repeating is harmless', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = await join('111222333444');
    await t.settle();
    expect(await active()).toContain(callId);
    sim.scenario.behaviour = 'silent';
    expect((await t.invite(callId, { participants: [user('ringing-at-hangup')], clientContext: 'open-at-hangup' })).status).toBe(202);
    const gone = await t.api(`/api/calls/${callId}`, { method: 'DELETE' });
    expect(gone.status).toBe(200);
    expect(await gone.json()).toMatchObject({ callId, reason: 'requested' });
    await t.settle();
    expect(sim.hangUps.filter((h) => h.callId === callId)).toEqual([{ callId, status: 204 }]);
    expect(sim.calls.get(callId)?.active).toBe(false);
    const call = await t.getJson(`/api/calls/${callId}`);
    expect(call).toMatchObject({ status: 200, body: { state: 'terminated', reason: 'requested', graphState: 'terminated' } });
    expect((await t.getJson(`/api/calls/${callId}/invitations/open-at-hangup`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'callEnded' } });
    expect(await active()).not.toContain(callId);
    expect((await t.api(`/api/calls/${callId}`, { method: 'DELETE' })).status).toBe(200);
    expect(sim.hangUps.filter((h) => h.callId === callId)).toHaveLength(1);
    // The meeting can be joined again: a new call.
    const again = await join('111222333444');
    expect(again).not.toBe(callId);
  });

  it('an unknown call: 404; a call without Calls.Manage: 403', async () => {
    const t = stack();
    expect((await t.api('/api/calls/no-such-call', { method: 'DELETE' })).status).toBe(404);
    const reader = t.stack.simulator.callers.register('reader', ['Calls.Read']);
    const token = await requestToken(t.stack, reader.appId);
    const r = await fetch(`${t.url}/api/calls`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ joinMeetingId: '111222333999' }) });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ requiredRole: 'Calls.Manage' });
    expect((await fetch(`${t.url}/api/calls?state=active`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe('the active calls', () => {
  it('lists calls the bot placed or joined until they end (Graph ended it, or we hung up); only state=active', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const a = await join('222333444555');
    const b = await join('222333444556');
    await t.settle();
    const listed = await t.getJson('/api/calls?state=active');
    expect(listed.body.value).toEqual(expect.arrayContaining([expect.objectContaining({ callId: a, state: 'established', kind: 'meeting' }), expect.objectContaining({ callId: b })]));
    sim.endCall(a);
    await t.settle();
    const now = await active();
    expect(now).not.toContain(a);
    expect(now).toContain(b);
    expect((await t.getJson('/api/calls?state=terminated')).status).toBe(400);
  });

  it('an answered call registered by the incoming path is listed (kind incoming) until it ends', async () => {
    const t = stack();
    const callId = t.newCall();
    await t.settle();
    await registerActiveCall(await getServices(), callId, { myParticipantId: t.stack.simulator.sim.calls.get(callId)?.botParticipantId });
    const listed = await t.getJson('/api/calls?state=active');
    expect(listed.body.value).toEqual(expect.arrayContaining([expect.objectContaining({ callId, kind: 'incoming', state: 'established' })]));
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    expect(await active()).not.toContain(callId);
  });
});
