import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImmediateFault } from '../../src/lib/app/immediateDelivery';
import { startReceiver } from '../support/webhookReceiver';
import { useTestStack, type TestStack } from '../support/testStack';
import { getServices } from '../../src/lib/app/services';
import { shardOf } from '../../src/lib/storage/sweepIndex';
import { webhookPartition } from '../../src/lib/storage/webhookStore';

/*
 * The process dies after the change's transaction committed, before immediate delivery did its
 * part: the outbox row and its check are stored, so the delivery timer (the fallback) delivers the
 * event, once, when the check is due (15 s after the change); dying after the attempt, before the
 * row was deleted, means a second delivery under the same id (at least once).
 */
let fault: ImmediateFault = 'none';
// Runs take two outbox rows and two deliveries each (WEBHOOK_BATCH_SIZE), to see a run leave the rest.
const stack = useTestStack({ immediateFault: () => fault, extraSettings: { WEBHOOK_BATCH_SIZE: '2' } });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

const rowsLike = async (t: TestStack, pattern: RegExp) => (await t.tableRows()).filter((r) => pattern.test(String(r.rowKey)));

async function joinWith(t: TestStack, userId: string) {
  const callId = t.newCall();
  await t.settle();
  const created = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: receiver.url, events: ['participant.joined'], callId }) });
  receiver.useSecret(String(((await created.json()) as { secret: string }).secret));
  const sim = t.stack.simulator.sim;
  const call = sim.calls.get(callId);
  if (!call) throw new Error('no call');
  call.add({ user: { id: userId } });
  expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
  await t.settle();
}

const joinedBy = (userId: string) => receiver.received.filter((d) => (d.body.data.participant as { identity?: { id: string } }).identity?.id === userId);

describe('immediate delivery cut short by a crash: the timer delivers, once', () => {
  it('killed after the commit, before any delivery work: the event arrives once, by the timer, when its check is due', async () => {
    const t = stack();
    fault = 'dieAfterCommit';
    await joinWith(t, 'crash-1');
    fault = 'none';
    expect(joinedBy('crash-1')).toEqual([]);
    expect(await rowsLike(t, /^obx_/)).toHaveLength(1);
    // Not due yet: the check waits for immediate delivery to have had its chance.
    await t.stack.host.runTimer('deliverWebhooks');
    expect(joinedBy('crash-1')).toEqual([]);
    t.advance(16);
    await t.stack.host.runTimer('deliverWebhooks');
    t.advance(60);
    await t.stack.host.runTimer('deliverWebhooks');
    expect(joinedBy('crash-1').map((d) => [d.body.type, d.verified, d.status])).toEqual([['participant.joined', true, 204]]);
    expect(await rowsLike(t, /^(obx_|dlv_)/)).toEqual([]);
  });

  it('killed after the attempt, before the outbox row was deleted: the timer delivers it again, under the same webhook-id', async () => {
    const t = stack();
    fault = 'dieAfterAttempt';
    await joinWith(t, 'crash-2');
    fault = 'none';
    expect(joinedBy('crash-2')).toHaveLength(1);
    expect(await rowsLike(t, /^obx_/)).toHaveLength(1);
    t.advance(16);
    await t.stack.host.runTimer('deliverWebhooks');
    t.advance(60);
    await t.stack.host.runTimer('deliverWebhooks');
    // At least once: a second delivery, which the receiver recognises by its id.
    const deliveries = joinedBy('crash-2');
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(1);
    expect(await rowsLike(t, /^(obx_|dlv_)/)).toEqual([]);
  });

  it('runs that overlap (as on several instances) attempt a due delivery once between them', async () => {
    const t = stack();
    fault = 'dieAfterCommit';
    await joinWith(t, 'twice-1');
    fault = 'none';
    t.advance(16);
    await Promise.all([t.stack.host.runTimer('deliverWebhooks'), t.stack.host.runTimer('deliverWebhooks'), t.stack.host.runTimer('deliverWebhooks')]);
    t.advance(60);
    await Promise.all([t.stack.host.runTimer('deliverWebhooks'), t.stack.host.runTimer('deliverWebhooks')]);
    expect(joinedBy('twice-1')).toHaveLength(1);
  });

  it('a run takes a bounded batch and leaves the rest for the next run', async () => {
    const t = stack();
    fault = 'dieAfterCommit';
    for (const id of ['batch-1', 'batch-2', 'batch-3']) await joinWith(t, id);
    fault = 'none';
    expect(await rowsLike(t, /^obx_/)).toHaveLength(3);
    t.advance(16);
    await t.stack.host.runTimer('deliverWebhooks');
    expect(await rowsLike(t, /^obx_/)).toHaveLength(1);
    await t.stack.host.runTimer('deliverWebhooks');
    await t.stack.host.runTimer('deliverWebhooks');
    expect(await rowsLike(t, /^(obx_|dlv_)/)).toEqual([]);
    expect(['batch-1', 'batch-2', 'batch-3'].map((id) => joinedBy(id).length)).toEqual([1, 1, 1]);
  });
});

describe('the minute timer wakes for whatever immediate delivery left', () => {
  it('killed after the commit: the outbox check is a row of the sweeps table, due 15 s later, so the minute timer finds it and delivers', async () => {
    const t = stack();
    fault = 'dieAfterCommit';
    await joinWith(t, 'minute-1');
    fault = 'none';
    const services = await getServices();
    const at = (seconds: number) => new Date(services.now().getTime() + seconds * 1000);
    expect(await services.sweeps.anyDue(at(14), ['evt'])).toBe(false);
    expect(await services.sweeps.anyDue(at(16), ['evt'])).toBe(true);
    t.advance(16);
    await t.stack.host.runTimer('finalizeInvitations');
    expect(joinedBy('minute-1').map((d) => [d.body.type, d.verified, d.status])).toEqual([['participant.joined', true, 204]]);
    expect(await rowsLike(t, /^(obx_|dlv_)/)).toEqual([]);
  });

  it('a failed immediate attempt stores its delivery after a wake check at its retry time; the minute timer retries it then', async () => {
    const t = stack();
    const failing = await startReceiver((n) => (n === 0 ? 500 : 204));
    try {
      const callId = t.newCall();
      await t.settle();
      const created = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: failing.url, events: ['participant.joined'], callId }) });
      failing.useSecret(String(((await created.json()) as { secret: string }).secret));
      const sim = t.stack.simulator.sim;
      const call = sim.calls.get(callId);
      if (!call) throw new Error('no call');
      call.add({ user: { id: 'minute-2' } });
      expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
      await t.settle();
      expect(failing.received.map((d) => [d.status, d.verified])).toEqual([[500, true]]);
      const [delivery] = await rowsLike(t, /^dlv_/);
      if (!delivery) throw new Error('no delivery row');
      const services = await getServices();
      const wakes = await services.sweeps.dueIn('dlv', shardOf(webhookPartition), new Date(Date.parse('9999-01-01T00:00:00Z')));
      expect(wakes.map((w) => w.due.toISOString())).toContain(String(delivery.dueAt));
      t.advance(60);
      await t.stack.host.runTimer('finalizeInvitations');
      // (Only the status: this file's clock has moved on past the signature's 5-minute tolerance by now.)
      expect(failing.received.map((d) => d.status)).toEqual([500, 204]);
      expect(new Set(failing.received.map((d) => d.id)).size).toBe(1);
      expect(await rowsLike(t, /^(obx_|dlv_)/)).toEqual([]);
    } finally {
      await failing.close();
    }
  });
});
