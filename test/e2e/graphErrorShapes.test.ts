import { afterEach, describe, expect, it } from 'vitest';
import type { ForbiddenShape } from '../../dev/simulator/graphErrors';
import { useTestStack, user } from '../support/testStack';

/*
 * Graph's 403 when calling is not enabled for the bot, in the shapes Graph really sends
 * (dev/simulator/graphErrors.ts): the simulator refuses because the bot's app id is not
 * registered, as Graph does, and the problem must carry Graph's innermost code and message.
 */
const stack = useTestStack();

afterEach(() => {
  const sim = stack().stack.simulator.sim;
  sim.registeredAppIds.add(sim.settings.botAppId);
});

const cases: { shape: ForbiddenShape; noRequestIdHeader: boolean }[] = [
  { shape: 'innerErrorCode', noRequestIdHeader: false },
  { shape: 'innerCode', noRequestIdHeader: false },
  { shape: 'innerErrorCode', noRequestIdHeader: true },
  { shape: 'flat', noRequestIdHeader: false },
];

describe("Graph's 403 for a bot without calling", () => {
  it.each(cases)('$shape (request-id header left out: $noRequestIdHeader): 502 with graphErrorCode 7503, the inner message, the request id', async ({ shape, noRequestIdHeader }) => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    Object.assign(sim.scenario, { forbiddenShape: shape, noRequestIdHeader });
    const callId = t.newCall();
    sim.registeredAppIds.delete(sim.settings.botAppId);
    const clientContext = `forbidden-${shape}-${String(noRequestIdHeader)}`;
    const response = await t.invite(callId, { participants: [user('hal')], clientContext });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    const sent = sim.invites.filter((i) => i.clientContext === clientContext);
    expect(sent.map((i) => i.status)).toEqual([403]);
    expect(problem).toMatchObject({ graphStatus: 403, graphErrorCode: '7503', graphRequestId: sent[0]?.requestId });
    expect(problem.detail).toBe('Application is not registered in our store.');
    // The replay answers the same problem from storage.
    const again = (await (await t.invite(callId, { participants: [user('hal')], clientContext })).json()) as Record<string, unknown>;
    expect(again).toMatchObject({ graphErrorCode: '7503', detail: problem.detail, graphRequestId: problem.graphRequestId });
    expect(sim.invites.filter((i) => i.clientContext === clientContext)).toHaveLength(1);
  });
});
