import { beforeEach, describe, expect, it } from 'vitest';
import { useTestStack, user, type TestStack } from '../support/testStack';

const stack = useTestStack();
let t: TestStack;
beforeEach(() => {
  t = stack();
});

const invitesFor = (clientContext: string) => t.stack.simulator.sim.invites.filter((i) => i.clientContext === clientContext);

describe('Graph failures and repeated requests', () => {
  it('retries 429 with Retry-After and the same clientContext, then succeeds', async () => {
    t.stack.simulator.sim.scenario.throttle = 1;
    const callId = t.newCall();
    const response = await t.invite(callId, { participants: [user('frank')], clientContext: 'throttled-1' });
    expect(response.status).toBe(202);
    expect(t.stack.simulator.sim.invites.filter((i) => i.callId === callId).map((i) => i.status)).toEqual([429, 200]);
    await t.settle();
    expect((await t.getJson(response.headers.get('location') ?? '')).body.status).toBe('completed');
  });

  it('throttling that outlasts the retries is a 503 with Retry-After and leaves nothing behind', async () => {
    t.stack.simulator.sim.scenario.throttle = 10;
    const callId = t.newCall();
    const response = await t.invite(callId, { participants: [user('gina')], clientContext: 'throttled-2' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ status: 503, graphStatus: 429, graphErrorCode: 'TooManyRequests' });
    expect((await t.getJson(`/api/calls/${callId}/invitations/throttled-2`)).status).toBe(404);
    t.stack.simulator.sim.scenario.throttle = 0;
    expect((await t.invite(callId, { participants: [user('gina')], clientContext: 'throttled-2' })).status).toBe(202);
  });

  it('Graph 403 (calling not enabled) is a 502 problem with Graph error code and request id', async () => {
    t.stack.simulator.sim.scenario.failNext = { status: 403, code: '7503', message: 'Application is not registered in our store.' };
    const callId = t.newCall();
    const response = await t.invite(callId, { participants: [user('hal')], clientContext: 'forbidden-1' });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ graphStatus: 403, graphErrorCode: '7503', type: 'urn:graph-call-invites:problem:graph-request-failed' });
    expect(problem.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const status = await t.getJson(`/api/calls/${callId}/invitations/forbidden-1`);
    expect(status.body).toMatchObject({ status: 'failed', outcome: { reason: 'graphRejected' } });
    // A retry of the same request answers the same problem without calling Graph again.
    const again = await t.invite(callId, { participants: [user('hal')], clientContext: 'forbidden-1' });
    expect(again.status).toBe(502);
    expect(invitesFor('forbidden-1')).toHaveLength(1);
  });

  it('an ended call is a 404 problem', async () => {
    const callId = t.newCall();
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    const response = await t.invite(callId, { participants: [user('ivy')], clientContext: 'ended-2' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ graphStatus: 404, graphErrorCode: 'itemNotFound' });
  });

  it('the same clientContext and body again returns the original invitation without calling Graph', async () => {
    const callId = t.newCall();
    const body = { participants: [user('jo')], clientContext: 'repeat-1' };
    const first = await t.invite(callId, body);
    const second = await t.invite(callId, body);
    expect(second.status).toBe(202);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(invitesFor('repeat-1')).toHaveLength(1);
    const conflict = await t.invite(callId, { participants: [user('someone-else')], clientContext: 'repeat-1' });
    expect(conflict.status).toBe(409);
    expect(invitesFor('repeat-1')).toHaveLength(1);
  });

  it('an Idempotency-Key header stands in for a missing clientContext', async () => {
    const callId = t.newCall();
    const body = { participants: [user('kim')] };
    const first = await t.invite(callId, body, { 'idempotency-key': 'flow-run-42' });
    const second = await t.invite(callId, body, { 'idempotency-key': 'flow-run-42' });
    expect(first.headers.get('location')).toMatch(new RegExp(`/invitations/cc-${Buffer.from('flow-run-42').toString('base64url')}$`));
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(invitesFor('flow-run-42')).toHaveLength(1);
  });

  it('fetches one Graph token (and one token exchange) for many invites', async () => {
    const counters = t.stack.simulator.sim.identity.counters;
    const callId = t.newCall();
    await t.invite(callId, { participants: [user('warmup')] });
    const before = { ...counters };
    for (let i = 0; i < 20; i++) await t.invite(callId, { participants: [user(`tok-${i}`)] });
    expect(counters.entra - before.entra).toBe(0);
    expect(counters.managedIdentity - before.managedIdentity).toBe(0);
    expect(counters.entra).toBe(1);
  });
});
