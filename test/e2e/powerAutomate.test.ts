import { describe, expect, it } from 'vitest';
import { runHttpAction } from '../support/powerAutomateClient';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack({ extraSettings: { STATUS_RETRY_AFTER_SECONDS: '1' } });

async function flow(behaviour: 'answer' | 'decline' | 'noAnswer', clientContext: string, query = '') {
  const t = stack();
  t.stack.simulator.sim.scenario.behaviour = behaviour;
  t.stack.simulator.sim.scenario.ringMs = 300;
  const callId = t.newCall();
  return runHttpAction(`${t.url}/api/calls/${callId}/participants/invite${query}`, { participants: [user(`pa-${clientContext}`)], clientContext }, { headers: t.auth });
}

describe('a Power Automate HTTP action (POST, then follow Location honouring Retry-After)', () => {
  it('accepted invite that joins: ends 200, outcomeKnown, status completed, invitee joined', async () => {
    const result = await flow('answer', 'pa-join');
    expect(result.status).toBe(200);
    expect(result.polls).toBeGreaterThanOrEqual(1);
    expect(result.body).toMatchObject({ outcomeKnown: true, status: 'completed', outcome: { reason: 'operationCompleted' } });
    expect((result.body.invitees as { state: string }[])[0]?.state).toBe('joined');
  });

  it('declined invite: ends 200 with status failed and resultInfo 603', async () => {
    const result = await flow('decline', 'pa-decline');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'failed', outcome: { reason: 'operationFailed', resultInfo: { code: 603 } } });
  });

  it('unanswered invite: ends 200 with status failed and resultInfo 480', async () => {
    const result = await flow('noAnswer', 'pa-noanswer');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'failed', outcome: { reason: 'operationFailed', resultInfo: { code: 480 } } });
  });

  it('throttled Graph: the POST is answered 503 + Retry-After, the re-sent POST succeeds, one invitation rings', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.throttle = 5;
    const callId = t.newCall();
    const result = await runHttpAction(`${t.url}/api/calls/${callId}/participants/invite`, { participants: [user('pa-throttled')], clientContext: 'pa-throttled' }, { headers: t.auth });
    expect(result.posts).toBe(2);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'completed' });
    expect(t.stack.simulator.sim.invites.filter((i) => i.clientContext === 'pa-throttled' && i.status === 200)).toHaveLength(1);
  });

  it('with Entra tokens, a key sent as ?code= is never carried into the Location or links', async () => {
    const result = await flow('answer', 'pa-key', '?code=abc123');
    expect(result.status).toBe(200);
    expect(result.locations.length).toBeGreaterThan(0);
    for (const location of result.locations) expect(location).not.toContain('abc123');
    expect(JSON.stringify(result.body.links)).not.toContain('abc123');
  });
});
