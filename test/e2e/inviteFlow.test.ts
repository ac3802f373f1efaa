import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStack, user, type TestStack } from '../support/testStack';

const stack = useTestStack();
let t: TestStack;
beforeEach(() => {
  t = stack();
});

async function inviteAndSettle(callId: string, body: unknown) {
  const response = await t.invite(callId, body);
  expect(response.status).toBe(202);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/calls\/.+\/invitations\/.+$/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  await t.settle();
  return t.getJson(location);
}

describe('invite -> Graph -> signed notifications -> callback -> status and roster', () => {
  it('an answered invite completes and the roster shows the invitee, linked to the invitation', async () => {
    const callId = t.newCall();
    const adaId = 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5';
    const status = await inviteAndSettle(callId, { participants: [user(adaId, 'Ada')], clientContext: 'answer-1' });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'completed', outcomeKnown: true, outcome: { reason: 'operationCompleted', resultInfo: { code: 200 } } });
    expect(status.body.operationId).toMatch(/^[0-9a-f-]{36}$/);
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect(roster.status).toBe(200);
    expect(roster.body.state).toBe('established');
    const participants = roster.body.participants as { identity: { kind: string; id: string }; invitation: { clientContext: string } | null }[];
    expect(participants.map((p) => p.identity.kind).sort()).toEqual(['application', 'user']);
    expect(participants.find((p) => p.identity.kind === 'user')).toMatchObject({ identity: { id: adaId }, invitation: { clientContext: 'answer-1' } });
  });

  it('a declined invite ends failed with Graph resultInfo', async () => {
    t.stack.simulator.sim.scenario.behaviour = 'decline';
    const status = await inviteAndSettle(t.newCall(), { participants: [user('bob')], clientContext: 'decline-1' });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'failed', outcome: { reason: 'operationFailed', resultInfo: { code: 603 } } });
    expect((status.body.invitees as { state: string }[])[0]?.state).toBe('failed');
  });

  it('an unanswered invite ends failed (480)', async () => {
    t.stack.simulator.sim.scenario.behaviour = 'noAnswer';
    const status = await inviteAndSettle(t.newCall(), { participants: [{ identity: { phone: { id: '+14255550100' } } }] });
    expect(status.body).toMatchObject({ status: 'failed', outcome: { resultInfo: { code: 480, subcode: 10076 } } });
  });

  it('an invite that never gets an outcome is finalized by the timer after its deadline', async () => {
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const status = await inviteAndSettle(t.newCall(), { participants: [user('carol')], clientContext: 'silent-1' });
    expect(status.status).toBe(202);
    expect(status.body.status).toBe('running');
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(status.body.links ? (status.body.links as { self: string }).self : '')).status).toBe(202);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    const final = await t.getJson((status.body.links as { self: string }).self);
    expect(final.status).toBe(200);
    expect(final.body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
  });

  it('legacy notification shapes give the same outcome', async () => {
    t.stack.simulator.sim.scenario.legacyShapes = true;
    const status = await inviteAndSettle(t.newCall(), { participants: [user('d4e5f6a7-b8c9-d0e1-f2a3-b4c5d6e7f8a9')], clientContext: 'legacy-1' });
    expect(status.body).toMatchObject({ status: 'completed' });
    expect((status.body.invitees as { state: string; participantId: string | null }[])[0]).toMatchObject({ state: 'joined' });
  });

  it('the end of the call closes the roster and finalizes open invitations', async () => {
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    const status = await inviteAndSettle(callId, { participants: [user('erin')], clientContext: 'ended-1' });
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    const final = await t.getJson((status.body.links as { self: string }).self);
    expect(final.body).toMatchObject({ status: 'failed', outcome: { reason: 'callEnded' } });
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect(roster.body).toMatchObject({ state: 'terminated', participants: [], resultInfo: { code: 200, subcode: 5001 } });
    expect((roster.body.formerParticipants as { removalReason: string }[]).map((p) => p.removalReason)).toEqual(['callEnded']);
  });

  it('answers 404 for an unknown invitation or call', async () => {
    expect((await t.getJson('/api/calls/nope/invitations/nothing')).status).toBe(404);
    const roster = await t.getJson('/api/calls/nope/participants');
    expect(roster.status).toBe(404);
    expect(roster.headers.get('content-type')).toBe('application/problem+json');
  });
});
