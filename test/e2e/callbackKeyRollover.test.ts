import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigningKey } from '../../dev/simulator/signingKeys';
import { useTestStack } from '../support/testStack';

/*
 * Graph's callback signing keys rotate (about every 2 hours), and where they are published is read
 * from the OpenID configuration: neither may be cached for the life of the process. The cooldown
 * between refetches is 30 s in production; here it is 0 so the rotation can follow at once.
 */
const stack = useTestStack({ callbackKeysCooldownMs: 0 });

describe('callback signing key rollover', () => {
  it('notifications signed with a new key, published at a new jwks_uri, are accepted; unknown keys still are not', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    await t.settle();
    expect((await t.getJson(`/api/calls/${callId}/participants`)).status).toBe(200);

    sim.rotateCallbackKey(await createSigningKey());
    const call = sim.calls.get(callId);
    if (!call) throw new Error('no call');
    call.add({ user: { id: 'after-rotation' } });
    expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
    const roster = (await t.getJson(`/api/calls/${callId}/participants`)).body as { participants: { identity: { id: string } }[] };
    expect(roster.participants.map((p) => p.identity.id)).toContain('after-rotation');

    const stranger = await createSigningKey();
    const forged = await new SignJWT({ iss: 'https://graph.microsoft.com', aud: t.stack.settings.BOT_APP_ID, tid: 'x' })
      .setProtectedHeader({ alg: 'RS256', kid: stranger.kid })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(stranger.privateKey);
    expect(await sim.post(call, [call.roster({ legacy: false })], forged)).toBe(401);
  });
});
