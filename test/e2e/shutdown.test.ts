import { describe, expect, it } from 'vitest';
import { runHooks } from '../../dev/functionsCore';
import { getServices } from '../../src/lib/app/services';
import { useTestStack, user } from '../support/testStack';

// The bookkeeping waits a minute behind its change here: only the shutdown can have written it.
const stack = useTestStack({ writeBehindMs: 60_000 });
const farFuture = new Date('2999-01-01T00:00:00Z');

async function openChecks(callId: string): Promise<string[]> {
  return (await (await getServices()).sweeps.due('inv', farFuture)).filter((e) => e.callId === callId).map((e) => e.subject);
}

describe('the host shutting the worker down', () => {
  it('writes the bookkeeping waiting behind the changes: an answered invitation leaves no check', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.hold = true;
    const callId = t.newCall();
    expect((await t.invite(callId, { participants: [user('sd-answers')], clientContext: 'sd-answers' })).status).toBe(202);
    await sim.idle();
    expect(await openChecks(callId)).toEqual(['sd-answers']);
    sim.scenario.hold = false;
    expect(new Set(await sim.release(callId))).toEqual(new Set([202]));
    // The outcome is stored; closing its check waits behind it.
    expect((await t.getJson(`/api/calls/${callId}/invitations/sd-answers`)).body.status).toBe('completed');
    expect(await openChecks(callId)).toEqual(['sd-answers']);
    // What the Functions host runs when it shuts the worker down (scale-in, a deployment).
    await runHooks('appTerminate');
    expect(await openChecks(callId)).toEqual([]);
  });
});
