import { describe, expect, it } from 'vitest';
import { admitBot } from '../../dev/simulator/callCreation';
import { useTestStack, user } from '../support/testStack';

/*
 * The bot joins meetings (POST /api/calls) and the call is a resource that answers 202 until it is
 * established. Ground truth is what the simulated Graph received (sim.creates) and the calls it holds.
 */
const stack = useTestStack();

const post = (body: unknown, headers: Record<string, string> = {}) =>
  stack().api('/api/calls', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const classicLink = (tenantId: string, thread = '19:meeting_ZmFrZW1lZXRpbmcx@thread.v2', organizer = '550fae72-d251-43ec-868c-373732c2704f') =>
  `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizer }))}`;

/** Polls the call's Location until it stops answering 202 (what Power Automate does). */
async function pollUntilSettled(location: string): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let i = 0; i < 100; i++) {
    const r = await stack().getJson(location);
    if (r.status !== 202) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the call never settled');
}

const createsFor = (callId: string) => stack().stack.simulator.sim.creates.filter((c) => c.callId === callId);

describe('joining a meeting', () => {
  it('by a classic link: Graph gets chatInfo + organizerMeetingInfo + the tenant; 202 until established, then 200', async () => {
    const t = stack();
    const tenant = t.stack.settings.BOT_TENANT_ID ?? '';
    const response = await post({ joinLink: classicLink(tenant) });
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    const view = (await response.json()) as { callId: string; kind: string };
    expect(location).toBe(`${t.url}/api/calls/${view.callId}`);
    expect(view.kind).toBe('meeting');
    const [create] = createsFor(view.callId);
    expect(create?.body).toMatchObject({
      callbackUri: `${t.url}/api/callback`,
      requestedModalities: ['audio'],
      mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      chatInfo: { threadId: '19:meeting_ZmFrZW1lZXRpbmcx@thread.v2', messageId: '0' },
      meetingInfo: { '@odata.type': '#microsoft.graph.organizerMeetingInfo', organizer: { user: { id: '550fae72-d251-43ec-868c-373732c2704f', tenantId: tenant } } },
      tenantId: tenant,
    });
    await t.settle();
    const settled = await pollUntilSettled(location);
    expect(settled.status).toBe(200);
    const sim = t.stack.simulator.sim.calls.get(view.callId);
    expect(settled.body).toMatchObject({ callId: view.callId, state: 'established', graphState: 'established', myParticipantId: sim?.botParticipantId });
  });

  it('by a short link: joinMeetingIdMeetingInfo with the link\'s passcode, an empty chatInfo, the bot\'s tenant', async () => {
    const t = stack();
    const response = await post({ joinLink: 'https://teams.microsoft.com/meet/2345678901234?p=AbCd3fGh12' });
    expect(response.status).toBe(202);
    const { callId } = (await response.json()) as { callId: string };
    const body = createsFor(callId)[0]?.body ?? {};
    expect(body.meetingInfo).toEqual({ '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo', joinMeetingId: '2345678901234', passcode: 'AbCd3fGh12' });
    expect(body.chatInfo).toEqual({ '@odata.type': '#microsoft.graph.chatInfo' });
    expect(body.tenantId).toBe(t.stack.settings.BOT_TENANT_ID);
    await t.settle();
    expect((await pollUntilSettled(response.headers.get('location') ?? '')).body).toMatchObject({ state: 'established', meeting: { kind: 'joinMeetingId', joinMeetingId: '2345678901234' } });
  });

  it('by meeting id and passcode, typed with spaces', async () => {
    const t = stack();
    const response = await post({ joinMeetingId: '345 678 901 234', passcode: 'Pw9' });
    expect(response.status).toBe(202);
    const { callId } = (await response.json()) as { callId: string };
    expect(createsFor(callId)[0]?.body.meetingInfo).toMatchObject({ joinMeetingId: '345678901234', passcode: 'Pw9' });
    await t.settle();
    expect((await pollUntilSettled(response.headers.get('location') ?? '')).status).toBe(200);
  });

  it('a malformed link, a consumer link and another tenant\'s meeting: 400 naming the problem, Graph not called, nothing stored', async () => {
    const t = stack();
    const before = t.stack.simulator.sim.creates.length;
    const rowsBefore = (await t.tableRows()).length;
    const cases: [unknown, string][] = [
      [{ joinLink: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7bTid' }, 'badContext'],
      [{ joinLink: 'https://teams.live.com/meet/9876543210987?p=abc' }, 'consumer'],
      [{ joinLink: classicLink('0d9c3b8e-1111-4222-8333-944455556666') }, 'tenantNotAllowed'],
      [{ joinMeetingId: '12ab' }, 'badMeetingId'],
    ];
    for (const [body, reason] of cases) {
      const r = await post(body);
      expect(r.status, reason).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await r.json()) as Record<string, unknown>;
      expect(problem, reason).toMatchObject({ reason, detail: expect.any(String) });
    }
    const both = await post({ joinLink: classicLink('x'), targets: [user('a')] });
    expect(both.status).toBe(400);
    expect(t.stack.simulator.sim.creates.length).toBe(before);
    expect((await t.tableRows()).length).toBe(rowsBefore);
  });

  it('two concurrent identical joins, and a later one while the bot is in: one Graph call, the same call id', async () => {
    const t = stack();
    const link = classicLink(t.stack.settings.BOT_TENANT_ID ?? '', '19:meeting_Y29uY3VycmVudA@thread.v2');
    const [a, b] = await Promise.all([post({ joinLink: link }), post({ joinLink: link })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const ids = [((await a.json()) as { callId: string }).callId, ((await b.json()) as { callId: string }).callId];
    expect(ids[0]).toBe(ids[1]);
    await t.settle();
    const again = await post({ joinLink: link.replace('%3A', ':') });
    expect(((await again.json()) as { callId: string }).callId).toBe(ids[0]);
    const forThread = t.stack.simulator.sim.creates.filter((c) => JSON.stringify(c.body).includes('Y29uY3VycmVudA'));
    expect(forThread).toHaveLength(1);
  });

  it('establishing and established arriving out of order: established stays', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.establishOrder = 'reversed';
    const response = await post({ joinMeetingId: '456789012345' });
    const { callId } = (await response.json()) as { callId: string };
    await t.settle();
    const statesDelivered = t.stack.simulator.sim.deliveries.filter((d) => d.callId === callId).flatMap((d) => d.items.map((i) => (i.resourceData as { state?: string }).state)).filter(Boolean);
    expect(statesDelivered).toEqual(['established', 'establishing']);
    expect((await pollUntilSettled(response.headers.get('location') ?? '')).body).toMatchObject({ state: 'established', graphState: 'established' });
  });

  it('Graph refuses (403 7503, nested): the problem carries Graph\'s code; the next request tries again', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.failNextCreate = 'callingNotEnabled';
    const refused = await post({ joinMeetingId: '567890123456' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ graphStatus: 403, graphErrorCode: '7503' });
    const retry = await post({ joinMeetingId: '567890123456' });
    expect(retry.status).toBe(202);
    expect(t.stack.simulator.sim.creates.filter((c) => (c.body.meetingInfo as { joinMeetingId?: string } | undefined)?.joinMeetingId === '567890123456').map((c) => c.status)).toEqual([403, 201]);
  });
});

describe('calling people', () => {
  it('targets: Graph gets them (no meeting); established once the callee answers; the same clientContext answers the same call', async () => {
    const t = stack();
    const body = { targets: [user('callee-1', 'Callee')], clientContext: 'p2p-call-1' };
    const response = await post(body);
    expect(response.status).toBe(202);
    const { callId, kind } = (await response.json()) as { callId: string; kind: string };
    expect(kind).toBe('outgoing');
    const create = createsFor(callId)[0]?.body ?? {};
    expect(create.targets).toEqual([{ identity: { user: { id: 'callee-1', displayName: 'Callee' } } }]);
    expect(create.meetingInfo).toBeUndefined();
    await t.settle();
    expect((await pollUntilSettled(response.headers.get('location') ?? '')).body).toMatchObject({ state: 'established', kind: 'outgoing' });
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect(JSON.stringify(roster.body.participants)).toContain('callee-1');
    const again = await post(body, { 'idempotency-key': 'ignored-when-the-body-has-one' });
    expect(((await again.json()) as { callId: string }).callId).toBe(callId);
    expect(t.stack.simulator.sim.creates.filter((c) => JSON.stringify(c.body).includes('callee-1'))).toHaveLength(1);
  });

  it('the callee does not answer: the call fails with Graph\'s resultInfo', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'noAnswer';
    const response = await post({ targets: [user('callee-2')] }, { 'idempotency-key': 'p2p-call-2' });
    await t.settle();
    expect((await pollUntilSettled(response.headers.get('location') ?? '')).body).toMatchObject({ state: 'failed', resultInfo: { code: 480 } });
  });
});

describe('the lobby', () => {
  it('held in the lobby: inLobby (202), then admitted: established (200)', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.botLobby = 'hold';
    const response = await post({ joinMeetingId: '678901234567' });
    const location = response.headers.get('location') ?? '';
    const { callId } = (await response.json()) as { callId: string };
    await t.settle();
    const waiting = await t.getJson(location);
    expect(waiting.status).toBe(202);
    expect(waiting.body).toMatchObject({ state: 'inLobby', graphState: 'establishing' });
    admitBot(sim, callId);
    await t.settle();
    expect(await pollUntilSettled(location)).toMatchObject({ status: 200, body: { state: 'established' } });
  });

  it('never admitted: after CALL_ESTABLISH_TIMEOUT_SECONDS the sweep hangs up; the call is failed (lobbyTimeout), Graph got one DELETE', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.botLobby = 'never';
    const response = await post({ joinMeetingId: '789012345678' });
    const location = response.headers.get('location') ?? '';
    const { callId } = (await response.json()) as { callId: string };
    await t.settle();
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(location)).body).toMatchObject({ state: 'inLobby' });
    t.advance(301);
    await t.stack.host.runTimer('finalizeInvitations');
    await t.settle();
    expect(sim.hangUps.filter((h) => h.callId === callId)).toEqual([{ callId, status: 204 }]);
    const failed = await t.getJson(location);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ state: 'failed', reason: 'lobbyTimeout', graphState: 'terminated' });
    await t.stack.host.runTimer('finalizeInvitations');
    expect(sim.hangUps.filter((h) => h.callId === callId)).toHaveLength(1);
  });
});
