import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStack, user, type TestStack } from '../support/testStack';

let t: TestStack;
beforeAll(async () => {
  t = await openTestStack({ extraSettings: { GRAPH_AUTH_MODE: 'managedIdentity' } });
});
afterAll(async () => {
  await t?.close();
});

describe('managedIdentity mode: the managed identity calls Graph with its own token', () => {
  it('Graph refuses an app that is not a registered calling bot (7503), as it does in Azure', async () => {
    const response = await t.invite(t.newCall(), { participants: [user('lee')] });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ graphStatus: 403, graphErrorCode: '7503' });
    expect(t.stack.simulator.sim.identity.counters.entra).toBe(0);
  });

  it('works where the managed identity is itself allowed to call', async () => {
    const sim = t.stack.simulator.sim;
    sim.registeredAppIds.add(sim.settings.managedIdentityClientId);
    const response = await t.invite(t.newCall(), { participants: [user('lee')], clientContext: 'mi-1' });
    expect(response.status).toBe(202);
    await t.settle();
    expect((await t.getJson(response.headers.get('location') ?? '')).body.status).toBe('completed');
    expect(sim.identity.counters.entra).toBe(0);
  });
});
