import { describe, expect, it } from 'vitest';
import { getServices } from '../../src/lib/app/services';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack();
const farFuture = new Date('2999-01-01T00:00:00Z');

/** Every invitation check in the sweeps table for one invitation (the table holds only open work). */
async function openChecks(callId: string, clientContext: string) {
  return (await (await getServices()).sweeps.due('inv', farFuture)).filter((e) => e.callId === callId && e.subject === clientContext);
}

/** The call's retention check (in the call table): whoever closes an invitation's check must leave one. */
async function retentionChecks(callId: string) {
  return (await (await getServices()).sweeps.due('pur', farFuture)).filter((e) => e.callId === callId);
}

describe('a finished invitation leaves no work behind', () => {
  it('answered, declined, refused by Graph, cancelled: each closes its check at its outcome; the call keeps its retention check', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.behaviourFor = { 'cl-declines': 'decline' };
    const callId = t.newCall();
    await t.settle();
    for (const who of ['cl-answers', 'cl-declines']) expect((await t.invite(callId, { participants: [user(who)], clientContext: who })).status).toBe(202);
    sim.scenario.failNext = { status: 403, code: '7503', message: 'Application is not registered in our store.' };
    expect((await t.invite(callId, { participants: [user('cl-refused')], clientContext: 'cl-refused' })).status).toBe(502);
    sim.scenario.ringMs = 5_000;
    const ringing = await t.invite(callId, { participants: [user('cl-cancelled')], clientContext: 'cl-cancelled' });
    expect((await openChecks(callId, 'cl-cancelled')).length).toBe(1);
    expect((await t.api(ringing.headers.get('location') ?? '', { method: 'DELETE' })).status).toBe(200);
    await t.settle();

    const outcomes = await Promise.all(['cl-answers', 'cl-declines', 'cl-refused', 'cl-cancelled'].map(async (cc) => (await t.getJson(`/api/calls/${callId}/invitations?clientContext=${cc}`)).body.status));
    expect(outcomes).toEqual(['completed', 'failed', 'failed', 'failed']);
    for (const cc of ['cl-answers', 'cl-declines', 'cl-refused', 'cl-cancelled']) expect(await openChecks(callId, cc)).toEqual([]);
    expect((await retentionChecks(callId)).length).toBeGreaterThan(0);
  });

  it('an invitation still ringing keeps its check, and the sweep finalizes it at its deadline', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    await t.settle();
    expect((await t.invite(callId, { participants: [user('cl-silent')], clientContext: 'cl-silent' })).status).toBe(202);
    expect((await openChecks(callId, 'cl-silent')).length).toBe(1);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(`/api/calls/${callId}/invitations?clientContext=cl-silent`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
    expect(await openChecks(callId, 'cl-silent')).toEqual([]);
  });
});
