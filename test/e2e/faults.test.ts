import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { maxReplayAttempts } from '../../src/lib/app/replayService';
import { useTestStack, user } from '../support/testStack';

/** Storage faults injected at the Azure SDK transport: entity-group transactions answer 503. */
const faults = { tableTransactions503: false };
const throttlingTables = (inner: HttpClient): HttpClient => ({
  async sendRequest(request) {
    if (faults.tableTransactions503 && request.url.includes('$batch')) {
      return {
        request,
        status: 503,
        headers: createHttpHeaders({ 'retry-after': '0', 'content-type': 'application/json' }),
        bodyAsText: JSON.stringify({ 'odata.error': { code: 'ServerBusy', message: { value: 'The server is busy.' } } }),
      };
    }
    return inner.sendRequest(request);
  },
});

const stack = useTestStack({ persistAzurite: true, wrapHttpClient: throttlingTables, extraSettings: { GRAPH_TIMEOUT_MS: '1500' } });

const sentFor = (clientContext: string) => stack().stack.simulator.sim.invites.filter((i) => i.clientContext === clientContext && i.status === 200);

/** A new call with invitations whose notifications Graph has produced but not sent yet. */
async function callWithHeldNotifications(...clientContexts: string[]): Promise<string> {
  const t = stack();
  const sim = t.stack.simulator.sim;
  const callId = t.newCall();
  await t.settle();
  sim.scenario.hold = true;
  for (const clientContext of clientContexts) {
    expect((await t.invite(callId, { participants: [user(clientContext)], clientContext })).status).toBe(202);
  }
  await t.settle();
  sim.scenario.hold = false;
  return callId;
}

async function statusOf(callId: string, clientContext: string) {
  return stack().getJson(`/api/calls/${callId}/invitations/${encodeURIComponent(clientContext)}`);
}

describe('Graph faults: nothing is invited twice', () => {
  it('a hanging Graph answer times out, the invitation stays open, and its notification settles it', async () => {
    const t = stack();
    const callId = t.newCall();
    // Warm: the Graph token is cached, so the timeout is spent on Graph's answer alone (on a loaded
    // machine a first token fetch can outlast it, and an invite that never reached Graph is a 503).
    expect((await t.invite(callId, { participants: [user('warm')], clientContext: 'hang-warm' })).status).toBe(202);
    t.stack.simulator.sim.scenario.hangNext = 1;
    const body = { participants: [user('hang')], clientContext: 'hang-1' };
    const first = await t.invite(callId, body);
    expect(first.status).toBe(202);
    // The answer shows the stored state: open, or already settled by the notification that
    // arrived while Graph's HTTP answer hung.
    expect(['pending', 'completed']).toContain(((await first.json()) as { status: string }).status);
    await t.settle();
    expect((await statusOf(callId, 'hang-1')).body).toMatchObject({ status: 'completed' });
    expect((await t.invite(callId, body)).status).toBe(202);
    expect(sentFor('hang-1')).toHaveLength(1);
  });

  it('a dropped Graph answer is ambiguous, so the retry does not invite again', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.dropNext = 1;
    const callId = t.newCall();
    const body = { participants: [user('drop')], clientContext: 'drop-1' };
    expect((await t.invite(callId, body)).status).toBe(202);
    expect((await t.invite(callId, body)).status).toBe(202);
    await t.settle();
    expect(sentFor('drop-1')).toHaveLength(1);
    expect((await statusOf(callId, 'drop-1')).body).toMatchObject({ status: 'completed' });
  });

  it('Graph 503 is retried; 504 and 500 are not (they may have been processed)', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    sim.scenario.failNext = { status: 503, code: 'ServiceUnavailable', message: 'busy', headers: { 'retry-after': '0' } };
    expect((await t.invite(callId, { participants: [user('s1')], clientContext: 'g503' })).status).toBe(202);
    expect(sim.invites.filter((i) => i.clientContext === 'g503').map((i) => i.status)).toEqual([503, 200]);
    for (const status of [504, 500]) {
      sim.scenario.failNext = { status, code: 'Upstream', message: 'x' };
      const response = await t.invite(callId, { participants: [user(`s${status}`)], clientContext: `g${status}` });
      expect(response.status).toBe(202);
      expect(sim.invites.filter((i) => i.clientContext === `g${status}`).map((i) => i.status)).toEqual([status]);
      expect((await statusOf(callId, `g${status}`)).body).toMatchObject({ status: 'pending' });
    }
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await statusOf(callId, 'g504')).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
  });
});

describe('storage faults: every acknowledged notification is applied', () => {
  it('applying fails while storage throttles; the notification was recorded and is replayed later', async () => {
    const t = stack();
    const callId = await callWithHeldNotifications('st-1');
    faults.tableTransactions503 = true;
    const statuses = await t.stack.simulator.sim.release(callId);
    faults.tableTransactions503 = false;
    expect(statuses).toEqual([202, 202]);
    expect((await statusOf(callId, 'st-1')).body).toMatchObject({ status: 'running' });
    const pending = (await t.getJson('/api/ops/notifications?state=pending')).body as { entries: { callId: string }[] };
    expect(pending.entries.filter((e) => e.callId === callId).length).toBeGreaterThan(0);
    t.advance(15);
    await t.stack.host.runTimer('replayNotifications');
    expect((await statusOf(callId, 'st-1')).body).toMatchObject({ status: 'completed' });
    const after = (await t.getJson('/api/ops/notifications?state=all')).body as { entries: unknown[] };
    expect(after.entries).toEqual([]);
  });

  it('Azurite stopped mid-run: notifications get 503 and are delivered again; nothing acknowledged is lost', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = await callWithHeldNotifications('out-a', 'out-b');
    await t.stack.stopAzurite();
    const health = await t.getJson('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unhealthy', checks: { storage: { ok: false } } });
    const held = [...(sim.held.get(callId) ?? [])];
    const statuses = await sim.release(callId);
    expect(statuses.every((s) => s === 503)).toBe(true);
    await t.stack.restartAzurite();
    // Graph delivers what was not acknowledged again.
    const call = sim.calls.get(callId);
    if (!call) throw new Error('call missing');
    for (const item of held) expect(await sim.post(call, [item])).toBe(202);
    for (const name of ['out-a', 'out-b']) {
      expect((await statusOf(callId, name)).body).toMatchObject({ status: 'completed' });
      expect(sentFor(name)).toHaveLength(1);
    }
    expect((await t.getJson('/api/health')).status).toBe(200);
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect((roster.body.participants as unknown[]).length).toBe(3);
  }, 120_000);
});

describe('dead letters', () => {
  it('an entry that keeps failing is dead-lettered, listed for operators, and replayed on request', async () => {
    const t = stack();
    const callId = await callWithHeldNotifications('dl-1');
    faults.tableTransactions503 = true;
    try {
      expect(await t.stack.simulator.sim.release(callId)).toEqual([202, 202]);
      for (let i = 0; i < maxReplayAttempts; i++) {
        t.advance(15);
        await t.stack.host.runTimer('replayNotifications');
      }
    } finally {
      faults.tableTransactions503 = false;
    }
    const dead = (await t.getJson('/api/ops/notifications?state=dead')).body as { entries: { callId: string; attempts: number; lastError: string }[] };
    const mine = dead.entries.filter((e) => e.callId === callId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({ attempts: maxReplayAttempts });
    expect(mine[0]?.lastError).toContain('StorageUnavailable');
    // Dead entries are not retried by the timer...
    t.advance(15);
    await t.stack.host.runTimer('replayNotifications');
    expect((await statusOf(callId, 'dl-1')).body).toMatchObject({ status: 'running' });
    // ...until an operator replays them.
    const replay = await t.api('/api/ops/notifications/replay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callId }) });
    expect(await replay.json()).toMatchObject({ calls: 1, failed: 0 });
    expect((await statusOf(callId, 'dl-1')).body).toMatchObject({ status: 'completed' });
    expect(((await t.getJson('/api/ops/notifications?state=all')).body as { entries: unknown[] }).entries).toEqual([]);
  });
});

describe('secrets', () => {
  it('no token, identity header or Authorization value appears in any log line', () => {
    const t = stack();
    const text = t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(10);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(text).not.toContain(t.stack.simulator.sim.identity.identityHeader);
    expect(text.toLowerCase()).not.toContain('bearer ');
    // The 503 path logs the items' ids, not the envelopes: those hold names and phone numbers.
    expect(text).toContain('notification not recorded');
    expect(text).not.toMatch(/displayName|"identity"|mediaStreams/);
  });
});
