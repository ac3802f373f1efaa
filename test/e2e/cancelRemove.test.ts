import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStack, user, type TestStack } from '../support/testStack';

const stack = useTestStack();
let t: TestStack;
beforeEach(() => {
  t = stack();
});

const ada = 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5';
const cancel = (location: string) => t.api(location, { method: 'DELETE' });
type Roster = { participants: { participantId: string; identity: { id: string } | null }[]; formerParticipants: { participantId: string; removalReason: string }[] };

async function ringing(callId: string, clientContext: string) {
  const response = await t.invite(callId, { participants: [user(ada, 'Ada')], clientContext });
  expect(response.status).toBe(202);
  return response.headers.get('location') ?? '';
}

describe('cancel an invitation: DELETE /api/calls/{callId}/invitations/{id}', () => {
  it('cancels while ringing: Graph is called once, the invitation ends cancelled, nobody joins afterwards', async () => {
    t.stack.simulator.sim.scenario.ringMs = 1500; // answers after 1.5 s unless cancelled
    const callId = t.newCall();
    const location = await ringing(callId, 'cancel-ringing');
    const response = await cancel(location);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'failed', outcomeKnown: true, outcome: { reason: 'cancelled' } });
    await t.settle();
    const deletes = t.stack.simulator.sim.deletes.filter((d) => d.callId === callId);
    expect(deletes).toEqual([expect.objectContaining({ status: 204, cancelledInvite: true })]);
    // After the ring time: still cancelled (Graph's failed operation agrees), and the roster never showed Ada.
    const final = await t.getJson(location);
    expect(final.body).toMatchObject({ status: 'failed', outcome: { reason: 'cancelled' } });
    expect((final.body.invitees as { state: string }[])[0]?.state).toBe('failed');
    const roster = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as Roster;
    expect([...roster.participants, ...roster.formerParticipants].some((p) => 'identity' in p && (p as { identity: { id: string } | null }).identity?.id === ada)).toBe(false);
    // Repeating the cancel is harmless: the same answer, Graph not called again.
    const again = await cancel(location);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: { reason: 'cancelled' } });
    expect(t.stack.simulator.sim.deletes.filter((d) => d.callId === callId)).toHaveLength(1);
  });

  it('a cancel whose operation ends with no notification still ends cancelled', async () => {
    Object.assign(t.stack.simulator.sim.scenario, { behaviour: 'silent', cancelledOperation: 'silent' });
    const location = await ringing(t.newCall(), 'cancel-silent');
    expect((await cancel(location)).status).toBe(200);
    await t.settle();
    expect((await t.getJson(location)).body).toMatchObject({ status: 'failed', outcome: { reason: 'cancelled' } });
  });

  it('cancelling a finished invitation is a 409 and calls nobody', async () => {
    const callId = t.newCall();
    const location = await ringing(callId, 'cancel-finished');
    await t.settle();
    const response = await cancel(location);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'urn:graph-call-invites:problem:conflict' });
    expect(t.stack.simulator.sim.deletes.filter((d) => d.callId === callId)).toHaveLength(0);
    expect((await t.getJson(location)).body).toMatchObject({ status: 'completed', outcome: { reason: 'operationCompleted' } });
  });

  it('without a participant id from Graph (the docs literal null) the cancel is refused, and nothing changes', async () => {
    Object.assign(t.stack.simulator.sim.scenario, { behaviour: 'silent', inviteeIds: 'null' });
    const callId = t.newCall();
    const location = await ringing(callId, 'cancel-no-id');
    await t.settle();
    const before = await t.tableRows();
    const response = await cancel(location);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: 'urn:graph-call-invites:problem:not-cancellable' });
    expect(await t.tableRows()).toEqual(before);
    expect(t.stack.simulator.sim.deletes.filter((d) => d.callId === callId)).toHaveLength(0);
  });

  it('an unknown invitation is a 404', async () => {
    expect((await cancel(`/api/calls/${t.newCall()}/invitations/cc-bm9wZQ`)).status).toBe(404);
  });
});

describe('remove a participant: DELETE /api/calls/{callId}/participants/{participantId}', () => {
  it.each(['absent', 'deleted'] as const)('the roster shows the removal when Graph says so, with its reason (departures: %s)', async (departures) => {
    t.stack.simulator.sim.scenario.departures = departures;
    const callId = t.newCall();
    await ringing(callId, `remove-${departures}`);
    await t.settle();
    const before = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as Roster;
    const adaEntry = before.participants.find((p) => p.identity?.id === ada);
    expect(adaEntry).toBeDefined();
    t.stack.simulator.sim.scenario.hold = true; // Graph's roster notification is held back
    const response = await t.api(`/api/calls/${callId}/participants/${adaEntry?.participantId}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'removalRequested', links: { roster: expect.stringMatching(new RegExp(`/api/calls/${callId}/participants$`)) } });
    // Not before Graph's notification arrives.
    const meanwhile = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as Roster;
    expect(meanwhile.participants.some((p) => p.identity?.id === ada)).toBe(true);
    t.stack.simulator.sim.scenario.hold = false;
    await t.stack.simulator.sim.release(callId);
    const after = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as Roster;
    expect(after.participants.some((p) => p.identity?.id === ada)).toBe(false);
    const gone = after.formerParticipants.find((p) => p.participantId === adaEntry?.participantId);
    expect(gone?.removalReason).toBe(departures === 'deleted' ? 'removed' : 'notInRoster');
    expect(t.stack.simulator.sim.deletes.filter((d) => d.callId === callId)).toEqual([expect.objectContaining({ status: 204, cancelledInvite: false })]);
  });

  it('an id that cannot be a Graph participant id (or call id) is a 400 problem, and Graph is not asked', async () => {
    const callId = t.newCall();
    await t.settle();
    const sim = t.stack.simulator.sim;
    const before = sim.requests.length;
    const guid = '0f0f0f0f-0000-4000-8000-000000000000';
    const refused = [
      `/api/calls/${callId}/participants/invite`,
      `/api/calls/${callId}/participants/not-a-guid`,
      `/api/calls/${callId}/participants/${guid}x`,
      `/api/calls/call-1/participants/${guid}`,
    ];
    for (const path of refused) {
      const response = await t.api(path, { method: 'DELETE' });
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type'), path).toBe('application/problem+json');
    }
    // An invite for a call id that is no GUID, or naming one: refused the same way.
    expect((await t.invite('call-1', { participants: [user(ada)] })).status).toBe(400);
    expect((await t.invite(callId, { participants: [{ ...user(ada), replacesCallId: 'other-call' }] })).status).toBe(400);
    expect((await t.invite(callId, { participants: [{ ...user(ada), participantId: 'invite' }] })).status).toBe(400);
    expect(sim.requests.slice(before)).toEqual([]);
    // The same GUID in Graph's legacy spelling (upper case, no dashes) is the same participant, and is sent.
    const legacy = await t.api(`/api/calls/${callId}/participants/${guid.replaceAll('-', '').toUpperCase()}`, { method: 'DELETE' });
    expect(legacy.status).toBe(404);
    expect(sim.requests.slice(before)).toEqual([{ method: 'DELETE', path: `/v1.0/communications/calls/${callId}/participants/${guid}` }]);
  });

  it("Graph's 404 (no such participant) is ours too", async () => {
    const response = await t.api(`/api/calls/${t.newCall()}/participants/0f0f0f0f-0000-4000-8000-000000000000`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ graphStatus: 404 });
  });

  it("Graph's 403 (no meeting configuration for the app) is a 502 with Graph's code", async () => {
    t.stack.simulator.sim.scenario.failNextDelete = { status: 403, code: 'Forbidden', message: 'The app may not remove participants.' };
    const response = await t.api(`/api/calls/${t.newCall()}/participants/0f0f0f0f-0000-4000-8000-000000000000`, { method: 'DELETE' });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ graphStatus: 403, graphErrorCode: 'Forbidden' });
  });
});
