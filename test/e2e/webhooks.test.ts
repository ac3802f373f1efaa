import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver } from '../support/webhookReceiver';
import { useTestStack, user, type TestStack } from '../support/testStack';
import { requestToken } from '../../dev/callerToken';

// Host names the app resolves through this table (DNS stands in for the seam); the rest are unknown.
const dns = new Map<string, string>([['hooks.test', '127.0.0.1']]);
const stack = useTestStack({
  extraSettings: { WEBHOOK_RETRY_BASE_SECONDS: '1', WEBHOOK_RETRY_MAX_SECONDS: '4', WEBHOOK_RETRY_WINDOW_MINUTES: '1' },
  resolve: async (host) => {
    const address = dns.get(host);
    if (!address) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  },
});
let t: TestStack;
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
beforeEach(() => {
  t = stack();
  dns.set('hooks.test', '127.0.0.1');
});
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

const ada = 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5';
const allEvents = ['invitation.finished', 'participant.joined', 'participant.left', 'call.ended'];

async function receiver(answer?: (n: number) => number) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function subscribe(body: Record<string, unknown>) {
  const response = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** Runs the delivery timer `runs` times, the app's clock moving `step` seconds before each. */
async function deliver(runs = 1, step = 0) {
  for (let i = 0; i < runs; i++) {
    t.advance(step);
    await t.stack.host.runTimer('deliverWebhooks');
  }
}

/** A call in which Ada answers an invite, then leaves, then the call ends: one event of each type. */
async function callWithEveryEvent() {
  const callId = t.newCall();
  await t.settle();
  return callId;
}
async function playEveryEvent(callId: string) {
  expect((await t.invite(callId, { participants: [user(ada, 'Ada')], clientContext: `wh-${callId}` })).status).toBe(202);
  await t.settle();
  const sim = t.stack.simulator.sim;
  const adaId = [...(sim.calls.get(callId)?.participants.values() ?? [])].find((p) => (p.identity as { user?: { id: string } }).user?.id === ada)?.id ?? '';
  sim.leave(callId, adaId);
  await t.settle();
  sim.endCall(callId);
  await t.settle();
}

describe('subscriptions: POST/GET/DELETE /api/subscriptions', () => {
  it('answers 201 with Location and the secret once; GET shows it without the secret; DELETE removes it (twice is harmless)', async () => {
    const r = await receiver();
    const created = await subscribe({ notificationUrl: r.url, events: ['participant.joined'] });
    expect(created.response.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const location = created.response.headers.get('location') ?? '';
    expect(location).toBe(`${t.url}/api/subscriptions/${String(created.body.id)}`);
    const read = await t.getJson(location);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, status: 'active', scope: 'all', events: ['participant.joined'], notificationUrl: r.url });
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify(t.logs)).not.toContain(String(created.body.secret));
    expect((await t.api(location, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(location, { method: 'DELETE' })).status).toBe(204);
    expect((await t.getJson(location)).status).toBe(404);
  });

  it.each([
    ['a private address', 'http://10.0.0.5/hooks'],
    ['the metadata address', 'http://169.254.169.254/latest/meta-data'],
    ['an IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/'],
    ['a unique-local IPv6 address', 'https://[fd00:ec2::254]/'],
    ['a name that resolves to a private address', 'https://inside.test/hooks'],
    ['a name that does not resolve', 'https://nowhere.test/hooks'],
    ['credentials in the URL', 'https://user:pw@hooks.test/hooks'],
    ['a scheme other than http(s)', 'ftp://hooks.test/x'],
  ])('refuses %s with a 400 that changes nothing', async (_what, notificationUrl) => {
    dns.set('inside.test', '192.168.1.10');
    const before = await t.tableRows();
    const { response, body } = await subscribe({ notificationUrl, events: ['call.ended'] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'notificationUrl' })]);
    expect(await t.tableRows()).toEqual(before);
  });
});

describe('deliveries', () => {
  it('delivers every event type, signed (Standard Webhooks), each with its own stable id', async () => {
    const r = await receiver();
    const callId = await callWithEveryEvent();
    const created = await subscribe({ notificationUrl: r.url, events: allEvents, callId });
    r.useSecret(String(created.body.secret));
    await playEveryEvent(callId);
    await deliver();
    const types = r.received.map((d) => d.body.type).sort();
    // Ada joins and leaves; the bot leaves when the call ends.
    expect(types).toEqual(['call.ended', 'invitation.finished', 'participant.joined', 'participant.left', 'participant.left']);
    expect(r.received.every((d) => d.verified)).toBe(true);
    expect(new Set(r.received.map((d) => d.id)).size).toBe(5);
    const finished = r.received.find((d) => d.body.type === 'invitation.finished');
    expect(finished?.body.data).toMatchObject({ callId, status: 'completed', outcome: { reason: 'operationCompleted' } });
    const joined = r.received.find((d) => d.body.type === 'participant.joined');
    expect(joined?.body.data).toMatchObject({ callId, participant: { identity: { id: ada }, present: true } });
    // Nothing is left to deliver: another run sends nothing.
    await deliver();
    expect(r.received).toHaveLength(5);
  });

  it('a receiver that fails, then recovers, gets every event, each accepted once under one id', async () => {
    const r = await receiver((n) => (n < 3 ? 500 : 204));
    const callId = await callWithEveryEvent();
    r.useSecret(String((await subscribe({ notificationUrl: r.url, events: allEvents, callId })).body.secret));
    await playEveryEvent(callId);
    await deliver(8, 5);
    const accepted = r.accepted();
    expect(accepted.map((d) => d.body.type).sort()).toEqual(['call.ended', 'invitation.finished', 'participant.joined', 'participant.left', 'participant.left']);
    expect(new Set(accepted.map((d) => d.id)).size).toBe(accepted.length);
    // Every retry carried the id of the first attempt: failed attempts' ids are all among the accepted ones.
    expect(r.received.filter((d) => d.status === 500).every((d) => accepted.some((a) => a.id === d.id))).toBe(true);
    expect(r.received.every((d) => d.verified)).toBe(true);
  });

  it('a receiver that never recovers: the delivery is dead-lettered and the subscription paused', async () => {
    const r = await receiver(() => 503);
    const callId = await callWithEveryEvent();
    const created = await subscribe({ notificationUrl: r.url, events: ['participant.joined'], callId });
    await playEveryEvent(callId);
    await deliver(14, 5); // 70 s of the app's clock: past the 1-minute retry window
    const sub = await t.getJson(String((created.body.links as { self: string }).self));
    expect(sub.body).toMatchObject({ status: 'paused' });
    const dead = await t.getJson('/api/ops/webhooks/deliveries?state=dead');
    expect(dead.body.deliveries).toEqual([expect.objectContaining({ subscriptionId: created.body.id, type: 'participant.joined', state: 'dead', lastError: 'HTTP 503' })]);
    // Paused: no more attempts, however often the timer runs.
    const attempts = r.received.length;
    await deliver(3, 10);
    expect(r.received).toHaveLength(attempts);
    // An operator resumes it once the receiver is fixed: the dead delivery is retried.
    const resumed = await t.api(`/api/ops/webhooks/subscriptions/${String(created.body.id)}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ status: 'active' });
  });

  it('does not follow a redirect', async () => {
    const target = await receiver();
    const r = await receiver(() => 307);
    const callId = await callWithEveryEvent();
    await subscribe({ notificationUrl: r.url, events: ['call.ended'], callId });
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    await deliver();
    expect(r.received).toHaveLength(1);
    expect(target.received).toHaveLength(0);
    const pending = await t.getJson('/api/ops/webhooks/deliveries?state=pending');
    expect(pending.body.deliveries).toContainEqual(expect.objectContaining({ type: 'call.ended', lastError: 'HTTP 307: redirects are not followed' }));
  });

  it('resolves and checks the host before every delivery: a name that now points at a private address is not connected to', async () => {
    const r = await receiver();
    const callId = await callWithEveryEvent();
    await subscribe({ notificationUrl: `http://hooks.test:${r.port}/hooks`, events: ['participant.joined', 'call.ended'], callId });
    expect((await t.invite(callId, { participants: [user(ada, 'Ada')], clientContext: 'rebind' })).status).toBe(202);
    await t.settle();
    await deliver();
    expect(r.received.map((d) => d.body.type)).toEqual(['participant.joined']);
    dns.set('hooks.test', '10.0.0.7');
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    await deliver();
    expect(r.received).toHaveLength(1);
    const pending = await t.getJson('/api/ops/webhooks/deliveries?state=pending');
    expect(pending.body.deliveries).toContainEqual(expect.objectContaining({ type: 'call.ended', lastError: expect.stringContaining('10.0.0.7 is a private address') }));
  });
});

describe('Power Automate triggers: POST /api/subscriptions/triggers/{trigger}', () => {
  it('"When someone joins the call": registers with the flow callback, delivers, and stops when the flow deletes the Location', async () => {
    const flow = await receiver(() => 202);
    const callId = await callWithEveryEvent();
    // What the connector sends: the operation's body, notificationUrl filled in by Power Automate.
    const registered = await t.api('/api/subscriptions/triggers/participant-joined', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: flow.url, callId }) });
    expect(registered.status).toBe(201);
    const location = registered.headers.get('location') ?? '';
    const body = (await registered.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ events: ['participant.joined'], callId });
    flow.useSecret(String(body.secret));
    expect((await t.invite(callId, { participants: [user(ada, 'Ada')], clientContext: 'pa-trigger' })).status).toBe(202);
    await t.settle();
    await deliver();
    expect(flow.received.map((d) => [d.body.type, d.verified])).toEqual([['participant.joined', true]]);
    // The flow is turned off: Power Automate DELETEs the Location; later joins reach nobody.
    expect((await t.api(location, { method: 'DELETE' })).status).toBe(204);
    expect((await t.invite(callId, { participants: [user('b0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', 'Bob')], clientContext: 'pa-trigger-2' })).status).toBe(202);
    await t.settle();
    await deliver();
    expect(flow.received).toHaveLength(1);
  });

  it('an unknown trigger is a 404', async () => {
    const response = await t.api('/api/subscriptions/triggers/nothing', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
  });
});

describe('who may hear what', () => {
  it('a maker with Invitations.Invite alone: no participant events (403 naming Calls.Read); invitation.finished of their own invitations only', async () => {
    const { connector, maker } = t.stack.simulator.localCallers;
    const inviteOnly = { authorization: `Bearer ${await requestToken(t.stack, connector.appId, { name: maker, scopes: ['Invitations.Invite'] })}` };
    const post = (path: string, body: unknown) => fetch(`${t.url}/api${path}`, { method: 'POST', headers: { ...inviteOnly, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const flow = await receiver();
    const callId = await callWithEveryEvent();
    const refused = await post('/subscriptions/triggers/participant-joined', { notificationUrl: flow.url, callId });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ requiredRole: 'Calls.Read' });
    const own = await post('/subscriptions/triggers/invitation-finished', { notificationUrl: flow.url, callId });
    expect(own.status).toBe(201);
    expect(await own.json()).toMatchObject({ scope: 'own', events: ['invitation.finished'] });
    // The maker's invitation and another caller's (the test client's), both answered.
    expect((await post(`/calls/${callId}/participants/invite`, { participants: [user(ada, 'Ada')], clientContext: 'makers' })).status).toBe(202);
    expect((await t.invite(callId, { participants: [user('b0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', 'Bob')], clientContext: 'someone-elses' })).status).toBe(202);
    await t.settle();
    await deliver();
    expect(flow.received.map((d) => (d.body.data as { clientContext: string }).clientContext)).toEqual(['makers']);
  });
});

