import type { HttpClient } from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { partitionKeyOf } from '../../src/lib/storage/entities';
import { createServices } from '../../src/lib/app/services';
import { getConfig } from '../../src/lib/config/config';
import { startReceiver } from '../support/webhookReceiver';
import { useTestStack, type TestStack } from '../support/testStack';

/*
 * Where events come from and what they cost: delivered right after the change is stored (no
 * timer runs in this file), nothing written when nobody listens, and only the call's own and the
 * every-call subscriptions read, whatever else is subscribed.
 */

/** Every storage request of the app while `recording` (method, URL and body), to see what was written. */
let recording = false;
const requests: string[] = [];
const recorder = (inner: HttpClient): HttpClient => ({
  async sendRequest(request) {
    if (recording) requests.push(`${request.method} ${decodeURIComponent(request.url)} ${typeof request.body === 'string' ? request.body : ''}`);
    return inner.sendRequest(request);
  },
});
let endpoint = '';
const counter = new RequestCounter(() => endpoint);
const stack = useTestStack({ wrapHttpClient: (inner) => counter.wrap(recorder(inner)) });
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
  recording = false;
});

async function receiver(options: { hold?: boolean } = {}) {
  const r = await startReceiver(() => 204, options);
  receivers.push(r);
  return r;
}

async function subscribe(t: TestStack, body: Record<string, unknown>) {
  const response = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

/** Someone joins the call (participant.joined): Graph's roster notification, answered by the callback. */
async function join(t: TestStack, callId: string, userId: string): Promise<number> {
  const sim = t.stack.simulator.sim;
  const call = sim.calls.get(callId);
  if (!call) throw new Error('no call');
  call.add({ user: { id: userId } });
  return sim.post(call, [call.roster({ legacy: false })]);
}

const outboxWrites = () => requests.filter((r) => !r.startsWith('GET') && (r.includes('obx_') || r.includes("RowKey='evt:") || r.includes('"RowKey":"evt:')));

describe('events cost nothing when nobody listens', () => {
  it('a call with no subscription: its join, departure and end write no outbox row and no delivery check', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const callId = t.newCall();
    await t.settle();
    requests.length = 0;
    recording = true;
    expect(await join(t, callId, 'quiet-1')).toBe(202);
    const sim = t.stack.simulator.sim;
    const person = [...(sim.calls.get(callId)?.participants.values() ?? [])].find((p) => (p.identity as { user?: { id: string } }).user?.id === 'quiet-1');
    sim.leave(callId, person?.id ?? '');
    await t.settle();
    sim.endCall(callId);
    await t.settle();
    recording = false;
    // The changes happened (their timeline events are stored) ...
    const kinds = ((await t.getJson(`/api/calls/${callId}/timeline`)).body.events as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['joined', 'left', 'callState']));
    // ... and none of them wrote an event for the webhooks.
    expect(requests.some((r) => r.includes('$batch'))).toBe(true);
    expect(outboxWrites()).toEqual([]);
    expect((await t.tableRows()).filter((r) => String(r.rowKey).startsWith('obx_'))).toEqual([]);
  });
});

describe('immediate delivery', () => {
  it('delivers an event right after the change is stored: no delivery timer runs, and it arrives, signed, once', async () => {
    const t = stack();
    const callId = t.newCall();
    await t.settle();
    const r = await receiver();
    r.useSecret((await subscribe(t, { notificationUrl: r.url, events: ['participant.joined'], callId })).secret);
    requests.length = 0;
    recording = true;
    expect(await join(t, callId, 'prompt-1')).toBe(202);
    await t.settle(); // the simulator's notifications and the deliveries the app started; no timer
    recording = false;
    // With a subscriber the event is written (outbox row and its check), as the other test's absence needs to mean something.
    expect(outboxWrites().length).toBeGreaterThan(0);
    expect(r.received.map((d) => [d.body.type, (d.body.data.participant as { identity?: { id: string } }).identity?.id, d.verified])).toEqual([['participant.joined', 'prompt-1', true]]);
    // Nothing left for the timer: the outbox row, its check and the delivery are gone.
    expect((await t.tableRows()).filter((row) => /^(obx_|dlv_)/.test(String(row.rowKey)))).toEqual([]);
  });

  it('a receiver that hangs does not hold the answer to Graph: the callback answers while the receiver still holds the delivery', async () => {
    const t = stack();
    const callId = t.newCall();
    await t.settle();
    const r = await receiver({ hold: true });
    r.useSecret((await subscribe(t, { notificationUrl: r.url, events: ['participant.joined'], callId })).secret);
    // If the callback waited for the receiver, this would never answer: the receiver holds until released.
    expect(await join(t, callId, 'hang-1')).toBe(202);
    await r.arrived();
    expect(r.holding()).toBe(1);
    expect(r.received).toEqual([]);
    r.release();
    await t.settle();
    expect(r.accepted().map((d) => d.body.type)).toEqual(['participant.joined']);
  });
});

describe('who wants an event is found by call', () => {
  it('with many subscriptions to other calls, a delivery reads only the call, its own and the every-call subscriptions', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    const callId = t.newCall();
    await t.settle();
    const others = await receiver();
    for (let i = 0; i < 100; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, n) => subscribe(t, { notificationUrl: others.url, events: ['participant.joined'], callId: `other-call-${i + n}` })));
    }
    const own = await receiver();
    own.useSecret((await subscribe(t, { notificationUrl: own.url, events: ['participant.joined'], callId })).secret);
    const every = await receiver();
    const everySub = await subscribe(t, { notificationUrl: every.url, events: ['participant.joined'] });
    every.useSecret(everySub.secret);
    counter.reset();
    expect(await join(t, callId, 'indexed-1')).toBe(202);
    await t.settle();
    counter.enabled = false;
    expect(own.accepted()).toHaveLength(1);
    expect(every.accepted()).toHaveLength(1);
    expect(others.received).toEqual([]);
    // Entities read, by partition: the call's own, the webhooks partition (the two subscriptions'
    // rows and the every-call set), the sweeps' shards; never another call's or every subscription.
    const read = Object.fromEntries(counter.partitionsRead);
    for (const partition of Object.keys(read)) expect([partitionKeyOf(callId), '!webhooks'].includes(partition) || partition.startsWith('!sweep-')).toBe(true);
    expect(read['!webhooks'] ?? 0).toBeLessThanOrEqual(4);
    expect(counter.scans).toBe(0);
    expect((await t.api(`/api/subscriptions/${everySub.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('a subscription made on another instance', () => {
  it('is heard of at once by the instance that holds the call: its copy of the call went stale with the subscription', async () => {
    const t = stack();
    const callId = t.newCall();
    await t.settle();
    expect(await join(t, callId, 'before-1')).toBe(202); // the app now holds the call's current state
    const r = await receiver();
    // Another instance stores the subscription (its own clients; the app's caches know nothing of it).
    const other = await createServices(getConfig(), { httpClient: t.stack.tls.httpClient });
    const now = new Date();
    await other.webhooks.createSubscription({ id: 'other-instance-1', notificationUrl: r.url, events: ['participant.joined'], callId, scope: 'all', owner: { kind: 'application', id: 'x', tenantId: 'y', appId: 'x' }, status: 'active', createdAt: new Date(now.getTime() - 1000).toISOString(), expiresAt: new Date(now.getTime() + 3_600_000).toISOString(), consecutiveFailures: 0, failingSince: undefined, pausedAt: undefined }, 'whsec_' + Buffer.alloc(32, 1).toString('base64'));
    expect(await join(t, callId, 'after-1')).toBe(202);
    await t.settle();
    expect(r.received.map((d) => (d.body.data.participant as { identity?: { id: string } }).identity?.id)).toEqual(['after-1']);
  });
});
