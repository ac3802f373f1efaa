import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from '../../dev/callerToken';
import { createSigningKey } from '../../dev/simulator/signingKeys';
import { useTestStack, user } from '../support/testStack';

/*
 * Every route of our API over real HTTP in `entra` mode (the default), with real tokens: from the
 * local Entra token endpoint, or signed by the tenant's published key with one thing wrong. Ground
 * truth for "nothing happened": Graph received no invite and storage is unchanged.
 */
const stack = useTestStack();
let callId = '';
let invitationPath = '';
let tokens: { noRoles: string; withRole: Record<string, string> };

type Route = { name: string; method: 'GET' | 'POST'; path: () => string; body?: () => unknown; role: string };
const routes: Route[] = [
  { name: 'invite', method: 'POST', path: () => `/api/calls/${callId}/participants/invite`, body: () => ({ participants: [user(`auth-${randomUUID()}`)] }), role: 'Invitations.Invite' },
  { name: 'invitation status', method: 'GET', path: () => invitationPath, role: 'Calls.Read' },
  { name: 'find by clientContext', method: 'GET', path: () => `/api/calls/${callId}/invitations?clientContext=seed`, role: 'Calls.Read' },
  { name: 'roster', method: 'GET', path: () => `/api/calls/${callId}/participants`, role: 'Calls.Read' },
  { name: 'timeline', method: 'GET', path: () => `/api/calls/${callId}/timeline`, role: 'Calls.Read' },
  { name: 'timeline page', method: 'GET', path: () => `/api/calls/${callId}/view`, role: 'Calls.Read' },
  { name: 'operators: inbox', method: 'GET', path: () => '/api/ops/notifications', role: 'Operations.Admin' },
  { name: 'operators: replay', method: 'POST', path: () => '/api/ops/notifications/replay', body: () => ({ callId }), role: 'Operations.Admin' },
];

async function send(route: Route, authorization?: string): Promise<Response> {
  const body = route.body?.();
  return fetch(`${stack().url}${route.path()}`, {
    method: route.method,
    headers: { ...(authorization ? { authorization } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

beforeAll(async () => {
  const t = stack();
  callId = t.newCall();
  const seeded = await t.invite(callId, { participants: [user('seed')], clientContext: 'seed' });
  invitationPath = new URL(seeded.headers.get('location') ?? '').pathname;
  await t.settle();
  const callers = t.stack.simulator.callers;
  const withRole: Record<string, string> = {};
  for (const role of ['Invitations.Invite', 'Calls.Read', 'Operations.Admin']) withRole[role] = await requestToken(t.stack, callers.register(`only ${role}`, [role]).appId);
  tokens = { noRoles: await requestToken(t.stack, t.stack.simulator.localCallers.noRoles.appId), withRole };
});

/** Tokens with one thing wrong, each signed the way the tenant signs (unless the key is the fault). */
async function badTokens(role: string): Promise<[string, string, RegExp][]> {
  const callers = stack().stack.simulator.callers;
  const appId = callers.register(`bad ${role}`, [role]).appId;
  const now = Math.floor(Date.now() / 1000);
  return [
    ['expired', await callers.sign({ appId, roles: [role], claims: { exp: now - 600, nbf: now - 4200, iat: now - 4200 } }), /expired/],
    ['for another audience', await callers.sign({ appId, roles: [role], audience: 'api://some-other-api' }), /audience/],
    ['from another tenant', await callers.sign({ appId, roles: [role], tenantId: randomUUID() }), /tenant this API accepts/],
    ['signed by a key the tenant never published', await callers.sign({ appId, roles: [role], key: await createSigningKey() }), /not signed by a key/],
    ['not yet valid', await callers.sign({ appId, roles: [role], claims: { nbf: now + 3600 } }), /not valid yet/],
    ['not a JWT', 'not-a-jwt', /not valid/],
  ];
}

async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

describe.each(routes)('$name ($method, needs $role)', (route) => {
  it('no token: 401 with a bare Bearer challenge; nothing sent, nothing stored', async () => {
    const t = stack();
    const [rows, invites] = [await t.tableRows(), t.stack.simulator.sim.invites.length];
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const response = await send(route, authorization);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await expectProblem(response, 401)).toMatchObject({ status: 401, type: 'urn:graph-call-invites:problem:unauthorized' });
    }
    expect(await t.tableRows()).toEqual(rows);
    expect(t.stack.simulator.sim.invites.length).toBe(invites);
  });

  it('a bad token: 401 with error="invalid_token" saying why, never echoing the token', async () => {
    const t = stack();
    const rows = await t.tableRows();
    for (const [what, token, why] of await badTokens(route.role)) {
      const response = await send(route, `Bearer ${token}`);
      expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
      const problem = await expectProblem(response, 401);
      expect(problem.detail, what).toMatch(why);
      expect(JSON.stringify(problem), what).not.toContain(token.slice(-30));
    }
    expect(await t.tableRows()).toEqual(rows);
  });

  it('a valid token without the role: 403 naming it', async () => {
    const t = stack();
    const rows = await t.tableRows();
    const others = Object.entries(tokens.withRole).filter(([role]) => role !== route.role && !(route.role === 'Calls.Read' && role === 'Invitations.Invite'));
    for (const token of [tokens.noRoles, ...others.map(([, tok]) => tok)]) {
      const response = await send(route, `Bearer ${token}`);
      expect(response.headers.get('www-authenticate')).toBe(`Bearer error="insufficient_scope", scope="${route.role}"`);
      expect(await expectProblem(response, 403)).toMatchObject({ requiredRole: route.role, type: 'urn:graph-call-invites:problem:forbidden' });
    }
    expect(await t.tableRows()).toEqual(rows);
  });

  it('with the role: 2xx', async () => {
    const response = await send(route, `Bearer ${tokens.withRole[route.role] ?? ''}`);
    expect([200, 202]).toContain(response.status);
    await stack().settle();
  });
});
