import { describe, expect, it } from 'vitest';
import { recordInvitation } from '../../src/lib/app/finalizeService';
import { inviteDraft } from '../../src/lib/app/inviteDraft';
import { getServices } from '../../src/lib/app/services';
import { functionKeyCaller } from '../../src/lib/domain/caller';
import { parseInviteBody } from '../../src/lib/graph/inviteRequest';
import { useTestStack, user } from '../support/testStack';

/*
 * A 202 means the invite was sent (or may have been: Graph's answer was lost). Never a 202 for
 * an invite that will not be sent. Ground truth is what the simulated Graph received.
 */
const stack = useTestStack({ extraSettings: { GRAPH_TIMEOUT_MS: '6000' } });

const sent = (clientContext: string) => stack().stack.simulator.sim.invites.filter((i) => i.clientContext === clientContext && i.status === 200);
const byContext = (callId: string, clientContext: string) =>
  stack().getJson(`/api/calls/${encodeURIComponent(callId)}/invitations?${new URLSearchParams({ clientContext }).toString()}`);

describe('an invite answered 202 is sent', () => {
  it('two identical requests while Graph throttles then recovers: every 202 leads to the one invite that rang', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    // The first request's four attempts (1 + GRAPH_MAX_RETRIES) are all throttled; then Graph recovers.
    sim.scenario.throttle = 4;
    const body = { participants: [user('race')], clientContext: 'race-1' };
    const first = t.invite(callId, body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const responses = await Promise.all([first, t.invite(callId, body)]);
    await t.settle();
    const accepted = responses.filter((r) => r.status === 202);
    for (const r of responses) expect([202, 503]).toContain(r.status);
    for (const r of accepted) {
      const status = await t.getJson(r.headers.get('location') ?? '');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ clientContext: 'race-1', status: 'completed' });
    }
    expect(sent('race-1')).toHaveLength(accepted.length > 0 ? 1 : 0);
    if (accepted.length === 0) expect((await byContext(callId, 'race-1')).status).toBe(404);
    // Whoever got 503 retries the same request: the same invitation, still rung once.
    const retry = await t.invite(callId, body);
    expect(retry.status).toBe(202);
    await t.settle();
    expect(sent('race-1')).toHaveLength(1);
  }, 30_000);

  it('a Retry-After longer than the time limit: 503 at once with that Retry-After, nothing rang; the retry sends', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    Object.assign(sim.scenario, { throttle: 1, throttleRetryAfterSeconds: 600 });
    const body = { participants: [user('slow')], clientContext: 'retry-after-1' };
    const response = await t.invite(callId, body);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('600');
    expect(sim.invites.filter((i) => i.clientContext === 'retry-after-1').map((i) => i.status)).toEqual([429]);
    expect((await byContext(callId, 'retry-after-1')).status).toBe(404);
    const again = await t.invite(callId, body);
    expect(again.status).toBe(202);
    await t.settle();
    expect(sent('retry-after-1')).toHaveLength(1);
    expect((await t.getJson(again.headers.get('location') ?? '')).body).toMatchObject({ status: 'completed' });
  }, 20_000);

  it('a row recorded by a request that died before calling Graph is sent by the replay', async () => {
    const t = stack();
    const callId = t.newCall();
    const body = { participants: [user('crash-a')], clientContext: 'crash-replay' };
    const services = await getServices();
    // What the crashed request left behind: what it records before calling Graph (sweep check, row).
    await recordInvitation(services, inviteDraft(services, callId, parseInviteBody(body), undefined, functionKeyCaller));
    const replay = await t.invite(callId, body);
    expect(replay.status).toBe(202);
    await t.settle();
    expect(sent('crash-replay')).toHaveLength(1);
    expect((await t.getJson(replay.headers.get('location') ?? '')).body).toMatchObject({ status: 'completed' });
  });

  it('a row recorded by a request that died before calling Graph is sent by the 30-second sweep', async () => {
    const t = stack();
    const callId = t.newCall();
    const body = { participants: [user('crash-b')], clientContext: 'crash-sweep' };
    const services = await getServices();
    await recordInvitation(services, inviteDraft(services, callId, parseInviteBody(body), undefined, functionKeyCaller));
    t.advance(60);
    await t.stack.host.runTimer('finalizeInvitations');
    await t.settle();
    expect(sent('crash-sweep')).toHaveLength(1);
    expect((await byContext(callId, 'crash-sweep')).body).toMatchObject({ status: 'completed' });
    await t.stack.host.runTimer('finalizeInvitations');
    expect(sent('crash-sweep')).toHaveLength(1);
  });
});
