import { describe, expect, it } from 'vitest';
import { installFunctionsCore } from '../../dev/functionsCore';
import { runHttpAction } from '../support/powerAutomateClient';
import { useTestStack, user } from '../support/testStack';

/*
 * API_AUTH_MODE=functionKey: today's behaviour, for those who keep it. The local host enforces the
 * keys as the host does in Azure (401 with no body without one); the app looks at no token.
 */
const stack = useTestStack({ apiAuthMode: 'functionKey', extraSettings: { STATUS_RETRY_AFTER_SECONDS: '1' } });

const keys = () => {
  const k = stack().stack.functionKeys;
  if (!k) throw new Error('no keys');
  return k;
};

describe('functionKey mode', () => {
  it('registers the routes at the host\'s function and admin levels', () => {
    const levels = Object.fromEntries([...installFunctionsCore().values()].map((r) => [r.name, r.bindings.req?.authLevel]));
    expect(levels).toMatchObject({ inviteParticipant: 'function', invitationStatus: 'function', findInvitation: 'function', callRoster: 'function', listNotificationInbox: 'admin', replayNotificationInbox: 'admin', callback: 'anonymous', health: 'anonymous' });
  });

  it('the host refuses requests without the key; a function key does not open the operator routes', async () => {
    const t = stack();
    const callId = t.newCall();
    for (const path of [`/api/calls/${callId}/participants`, `/api/calls/${callId}/invitations?clientContext=x`, '/api/ops/notifications']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(401);
      expect(await response.text()).toBe('');
    }
    expect((await fetch(`${t.url}/api/ops/notifications`, { headers: { 'x-functions-key': keys().function } })).status).toBe(401);
    expect((await fetch(`${t.url}/api/ops/notifications`, { headers: { 'x-functions-key': keys().master } })).status).toBe(200);
  });

  it('an HTTP action with ?code= polls the Location it was given, which carries the key; the caller is a key holder', async () => {
    const t = stack();
    const callId = t.newCall();
    const code = encodeURIComponent(keys().function);
    // A bearer token, even a bad one, is not looked at in this mode.
    const result = await runHttpAction(`${t.url}/api/calls/${callId}/participants/invite?code=${code}`, { participants: [user('key-pa')], clientContext: 'key-pa' }, { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(result.status).toBe(200);
    expect(result.locations.length).toBeGreaterThan(0);
    for (const location of result.locations) expect(new URL(location).searchParams.get('code')).toBe(keys().function);
    expect(result.body).toMatchObject({ status: 'completed', invitedBy: { kind: 'functionKey', id: null, tenantId: null, appId: null } });
    expect((result.body.links as { self: string }).self).toContain(`code=${code}`);
  });
});
