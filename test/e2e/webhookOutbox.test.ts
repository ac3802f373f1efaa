import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../support/webhookReceiver';
import { useTestStack, user } from '../support/testStack';

/** Entity-group transactions (every change of a call, with its events) answer 503 while set. */
const faults = { transactions503: false };
const failingTransactions = (inner: HttpClient): HttpClient => ({
  async sendRequest(request) {
    if (faults.transactions503 && request.url.includes('$batch')) {
      return { request, status: 503, headers: createHttpHeaders({ 'retry-after': '0', 'content-type': 'application/json' }), bodyAsText: JSON.stringify({ 'odata.error': { code: 'ServerBusy', message: { value: 'busy' } } }) };
    }
    return inner.sendRequest(request);
  },
});
const stack = useTestStack({ wrapHttpClient: failingTransactions });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const outboxRows = async () => (await stack().tableRows()).filter((r) => String(r.rowKey).startsWith('obx_'));

describe('the outbox: an event exists exactly when its change was stored', () => {
  it('a change that cannot be written leaves no event; applied later, its event is written with it and delivered once', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    await t.settle();
    const created = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: receiver.url, events: ['invitation.finished'], callId }) });
    receiver.useSecret(String(((await created.json()) as { secret: string }).secret));
    sim.scenario.behaviour = 'decline';
    sim.scenario.hold = true;
    expect((await t.invite(callId, { participants: [user('d0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5')], clientContext: 'outbox-1' })).status).toBe(202);
    await t.settle();
    sim.scenario.hold = false;
    await t.stack.host.runTimer('deliverWebhooks'); // the call's earlier events (the bot joining) fanned out
    expect(await outboxRows()).toEqual([]);

    // Graph's "failed" arrives while every transaction fails: acknowledged (recorded in the inbox), not applied.
    faults.transactions503 = true;
    expect(await sim.release(callId)).toEqual([202]);
    faults.transactions503 = false;
    const status = await t.getJson(`/api/calls/${callId}/invitations?clientContext=outbox-1`);
    expect(status.body).toMatchObject({ status: 'running' });
    expect(await outboxRows()).toEqual([]);
    await t.stack.host.runTimer('deliverWebhooks');
    expect(receiver.received).toHaveLength(0);

    // The replay applies it: the invitation and its event in one write; delivered once (the timer's runs add nothing).
    t.advance(11);
    await t.stack.host.runTimer('replayNotifications');
    expect((await t.getJson(`/api/calls/${callId}/invitations?clientContext=outbox-1`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'operationFailed' } });
    // Its event went out right after that write (immediate delivery), from the outbox row written with it.
    await t.settle();
    expect(receiver.received.map((d) => d.body.type)).toEqual(['invitation.finished']);
    // The outbox row (obx_) and the timeline's event rows (evt_) share the partition, not a key
    // range: the timeline holds the change's events and nothing of the outbox's.
    expect((await t.tableRows()).some((r) => String(r.rowKey).startsWith('evt_'))).toBe(true);
    const timeline = await t.getJson(`/api/calls/${callId}/timeline`);
    expect(timeline.status).toBe(200);
    const events = timeline.body.events as { kind?: unknown; at?: unknown }[];
    expect(events.every((e) => typeof e.kind === 'string' && typeof e.at === 'string')).toBe(true);
    expect(events.filter((e) => e.kind === 'invitationOutcome')).toHaveLength(1);
    await t.stack.host.runTimer('deliverWebhooks');
    await t.stack.host.runTimer('deliverWebhooks');
    expect(receiver.received.map((d) => [d.body.type, (d.body.data as { clientContext: string }).clientContext, d.verified])).toEqual([['invitation.finished', 'outbox-1', true]]);
    expect(await outboxRows()).toEqual([]);
  });
});
