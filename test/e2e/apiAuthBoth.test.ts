import { describe, expect, it } from 'vitest';
import { requestToken } from '../../dev/callerToken';
import { useTestStack, user } from '../support/testStack';

/*
 * API_AUTH_MODE=both, for moving callers to tokens one at a time: the host still asks for the key
 * (it cannot tell the app whether a key came with an anonymous request), and a request that also
 * carries a bearer token is judged by the token.
 */
const stack = useTestStack({ apiAuthMode: 'both' });

async function invite(clientContext: string, headers: Record<string, string>, query = '') {
  const t = stack();
  return fetch(`${t.url}/api/calls/${t.newCall()}/participants/invite${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ participants: [user(clientContext)], clientContext }),
  });
}

const key = () => ({ 'x-functions-key': stack().stack.functionKeys?.function ?? '' });
const bearer = async (roles: string[]) => {
  const t = stack();
  return { authorization: `Bearer ${await requestToken(t.stack, t.stack.simulator.callers.register(`both ${roles.join()}`, roles).appId)}` };
};

describe('both mode', () => {
  it('a token alone does not pass the host: the key is still required', async () => {
    const response = await invite('both-token-only', await bearer(['Invitations.Invite']));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('a key alone works as before, recorded as a key holder', async () => {
    const response = await invite('both-key-only', key());
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ invitedBy: { kind: 'functionKey' } });
  });

  it('a key with a token: the token decides (role checked, caller recorded); a bad token is refused', async () => {
    const good = await invite('both-good', { ...key(), ...(await bearer(['Invitations.Invite'])) });
    expect(good.status).toBe(202);
    expect(await good.json()).toMatchObject({ invitedBy: { kind: 'application' } });
    const noRole = await invite('both-no-role', { ...key(), ...(await bearer(['Calls.Read'])) });
    expect(noRole.status).toBe(403);
    expect(await noRole.json()).toMatchObject({ requiredRole: 'Invitations.Invite' });
    const bad = await invite('both-bad', { ...key(), authorization: 'Bearer not-a-jwt' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('a key sent as ?code= is carried into the Location, since the host asks for it on every poll', async () => {
    const code = stack().stack.functionKeys?.function ?? '';
    const response = await invite('both-code', {}, `?code=${encodeURIComponent(code)}`);
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    expect(new URL(location).searchParams.get('code')).toBe(code);
    expect((await fetch(location)).status).not.toBe(401);
  });
});
