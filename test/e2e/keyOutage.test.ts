import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from '../../dev/callerToken';
import { createSigningKey, signToken } from '../../dev/simulator/signingKeys';
import type { KeySetFault } from '../../dev/simulator/scenario';
import { useServiceOverrides } from '../../src/lib/app/services';
import { openTestStack, type TestStack } from '../support/testStack';

/*
 * Signing keys that cannot be read are an outage, not a bad token: callers get 503 with
 * Retry-After and Graph's callback gets 503 (so Graph delivers again), never 401. Each case starts
 * a new process (no keys cached) while the key set URLs, Graph's and the tenant's, fail one way.
 * A hanging URL never answers: the app's read gives up after keysTimeoutMs (shortened here), so
 * the case is deterministic with no timing assertion. Ground truth that nothing happened: the
 * table is unchanged.
 */
const keysTimeoutMs = 300;
let t: TestStack;
let callId = '';
let callerToken = '';

/** A new process: every client built again, no signing keys cached. */
function restartProcess(): void {
  useServiceOverrides({ httpClient: t.stack.tls.httpClient, fetch: t.stack.tls.fetch, callbackKeysCooldownMs: 0, keysTimeoutMs });
}

beforeAll(async () => {
  t = await openTestStack({ keysTimeoutMs, callbackKeysCooldownMs: 0 });
  callId = t.newCall();
  await t.settle();
  callerToken = await requestToken(t.stack, t.stack.simulator.callers.register('outage reader', ['Calls.Read']).appId);
});
afterAll(async () => {
  await t?.close();
});

const roster = (token: string) => fetch(`${t.url}/api/calls/${callId}/participants`, { headers: { authorization: `Bearer ${token}` } });
const callback = (token: string) =>
  fetch(`${t.url}/api/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ value: [{ changeType: 'updated', resourceUrl: `/communications/calls/${callId}/participants`, resourceData: [] }] }),
  });

async function expectUnavailable(response: Response, what: string): Promise<void> {
  expect(response.status, what).toBe(503);
  expect(response.headers.get('retry-after'), what).toBe('30');
  expect(response.headers.get('content-type'), what).toBe('application/problem+json');
  expect(((await response.json()) as { status: number }).status, what).toBe(503);
}

describe('signing keys that cannot be read', () => {
  const faults: [string, KeySetFault][] = [
    ['answering 500', 500],
    ['answering 404', 404],
    ['answering 429', 429],
    ['answering a page that is not JSON', 'notJson'],
    ['never answering', 'hang'],
    ['dropping the connection', 'drop'],
  ];
  it.each(faults)('key set URL %s: callers and the callback get 503 with Retry-After, nothing changes', async (_name, fault) => {
    const sim = t.stack.simulator.sim;
    const before = await t.tableRows();
    const graphToken = await sim.callbackToken();
    sim.scenario.keySetFault = fault;
    try {
      restartProcess();
      await expectUnavailable(await roster(callerToken), `caller, ${String(fault)}`);
      await expectUnavailable(await callback(graphToken), `callback, ${String(fault)}`);
    } finally {
      sim.scenario.keySetFault = undefined;
    }
    expect(await t.tableRows()).toEqual(before);
    // Once the keys are back, the same tokens are good.
    expect((await roster(callerToken)).status).toBe(200);
    expect((await callback(graphToken)).status).toBe(202);
  });

  it('a token signed by a key the key set truly lacks stays 401, for callers and the callback', async () => {
    restartProcess();
    const sim = t.stack.simulator.sim;
    const stranger = await createSigningKey();
    const callers = t.stack.simulator.callers;
    const appId = callers.register('stranger', ['Calls.Read']).appId;
    const forgedCaller = await callers.sign({ appId, roles: ['Calls.Read'], key: stranger });
    const forgedGraph = await signToken(stranger, { iss: 'https://graph.microsoft.com', aud: sim.settings.botAppId, tid: sim.settings.tenantId }, 3600);
    const before = await t.tableRows();
    for (const response of [await roster(forgedCaller), await callback(forgedGraph)]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('retry-after')).toBeNull();
    }
    expect(await t.tableRows()).toEqual(before);
  });
});
