import { describe, expect, it } from 'vitest';
import { requestToken } from '../../dev/callerToken';
import { useTestStack, user } from '../support/testStack';

/*
 * Who did it: the caller behind each token format Entra issues (v1 and v2, app-only and delegated,
 * a managed identity's) is recorded on the invitation, shown in the status document and on every
 * log line of the invite. What a token may do follows `roles` for applications and `scp` for users.
 */
const stack = useTestStack();

type Invitation = { invitedBy: { kind: string; id: string | null; tenantId: string | null; appId: string | null } | null; links: { self: string } };

async function inviteWith(token: string, clientContext: string, headers: Record<string, string> = {}) {
  const t = stack();
  const callId = t.newCall();
  return fetch(`${t.url}/api/calls/${callId}/participants/invite`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ participants: [user(`who-${clientContext}`)], clientContext }),
  });
}

const tenant = () => stack().stack.simulator.callers.api.tenantId;

describe('the caller of each kind of token', () => {
  it('a bot with client credentials (v2 token, azp): recorded as the application, in the document, the row and the logs', async () => {
    const t = stack();
    const bot = t.stack.simulator.localCallers.bot;
    const response = await inviteWith(await requestToken(t.stack, bot.appId), 'who-bot');
    expect(response.status).toBe(202);
    const invitation = (await response.json()) as Invitation;
    expect(invitation.invitedBy).toEqual({ kind: 'application', id: bot.appId, tenantId: tenant(), appId: bot.appId });
    // The same bot polls its own Location with the same token.
    const polled = await fetch(invitation.links.self, { headers: { authorization: `Bearer ${await requestToken(t.stack, bot.appId)}` } });
    expect([200, 202]).toContain(polled.status);
    expect(((await polled.json()) as Invitation).invitedBy).toEqual(invitation.invitedBy);
    const row = (await t.tableRows()).find((r) => r.clientContext === 'who-bot');
    expect(JSON.parse(String(row?.invitedBy))).toEqual({ kind: 'application', id: bot.appId, tenantId: tenant(), appId: bot.appId });
    await t.settle();
    const lines = t.logs.filter((l) => l.includes("clientContext: 'who-bot'") && l.includes("operation: 'invite'"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(`callerId: '${bot.appId}'`);
  });

  it('a v1 token (issuer sts.windows.net, audience the application ID URI, appid) is accepted too', async () => {
    const callers = stack().stack.simulator.callers;
    const daemon = callers.register('v1 daemon', ['Invitations.Invite']);
    const token = await callers.sign({ appId: daemon.appId, roles: daemon.roles, version: 1 });
    const response = await inviteWith(token, 'who-v1');
    expect(response.status).toBe(202);
    expect(((await response.json()) as Invitation).invitedBy).toMatchObject({ kind: 'application', id: daemon.appId });
  });

  it("a bot's managed identity, granted the role: its own token from the identity endpoint", async () => {
    const t = stack();
    const settings = t.stack.simulator.sim.settings;
    const callers = t.stack.simulator.callers;
    const identity = callers.apps.get(settings.managedIdentityClientId);
    const miToken = async () => {
      const url = `${t.stack.simulator.httpUrl}/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(callers.api.appIdUri)}&client_id=${settings.managedIdentityClientId}`;
      return ((await (await fetch(url, { headers: { 'x-identity-header': t.stack.simulator.sim.identity.identityHeader } })).json()) as { access_token: string }).access_token;
    };
    expect((await inviteWith(await miToken(), 'who-mi-before')).status).toBe(403);
    identity?.roles.push('Invitations.Invite'); // appRoleAssignedTo (infra/entra grant-caller)
    const response = await inviteWith(await miToken(), 'who-mi');
    expect(response.status).toBe(202);
    expect(((await response.json()) as Invitation).invitedBy).toMatchObject({ kind: 'application', id: settings.managedIdentityClientId });
  });

  it("a maker through the connector (delegated, scp): recorded as the user's object id with the connector's app id", async () => {
    const t = stack();
    const { connector, maker } = t.stack.simulator.localCallers;
    const token = await requestToken(t.stack, connector.appId, { name: maker, scopes: ['Invitations.Invite', 'Calls.Read'] });
    const response = await inviteWith(token, 'who-maker');
    expect(response.status).toBe(202);
    expect(((await response.json()) as Invitation).invitedBy).toEqual({ kind: 'user', id: t.stack.simulator.callers.users.get(maker), tenantId: tenant(), appId: connector.appId });
  });

  it("a user's token needs the scope: the user's own app roles do not widen what a client may do for them", async () => {
    const t = stack();
    const { connector, maker } = t.stack.simulator.localCallers;
    const readOnly = await requestToken(t.stack, connector.appId, { name: maker, scopes: ['Calls.Read'] });
    expect((await inviteWith(readOnly, 'who-scope')).status).toBe(403);
    const userId = t.stack.simulator.callers.users.get(maker);
    const withRoles = await t.stack.simulator.callers.sign({ appId: connector.appId, userId, scopes: ['Calls.Read'], roles: ['Invitations.Invite'] });
    expect((await inviteWith(withRoles, 'who-roles')).status).toBe(403);
    // The idtyp optional claim, where configured, is what tells app-only and user tokens apart.
    const marked = await t.stack.simulator.callers.sign({ appId: connector.appId, roles: ['Invitations.Invite'], claims: { idtyp: 'user', oid: userId } });
    expect((await inviteWith(marked, 'who-idtyp')).status).toBe(403);
  });

  it('Invitations.Invite alone reads only its own invitations; Calls.Read reads all and the roster', async () => {
    const t = stack();
    const callers = t.stack.simulator.callers;
    const [a, b] = [callers.register('inviter a', ['Invitations.Invite']), callers.register('inviter b', ['Invitations.Invite'])];
    const mine = (await (await inviteWith(await requestToken(t.stack, a.appId), 'who-own')).json()) as Invitation;
    await t.settle();
    const read = async (app: string, url: string) => (await fetch(url, { headers: { authorization: `Bearer ${await requestToken(t.stack, app)}` } })).status;
    expect(await read(a.appId, mine.links.self)).toBe(200);
    expect(await read(b.appId, mine.links.self)).toBe(403);
    const roster = mine.links.self.replace(/\/invitations\/.*$/, '/participants');
    expect(await read(a.appId, roster)).toBe(403);
    const reader = callers.register('reader', ['Calls.Read']);
    expect(await read(reader.appId, mine.links.self)).toBe(200);
    expect(await read(reader.appId, roster)).toBe(200);
  });
});
