import { describe, expect, it } from 'vitest';
import { invitationViewSchema, problemSchema, removalViewSchema, rosterViewSchema } from '../../src/lib/http/apiSchemas';
import { deliveryListSchema, subscriptionViewSchema } from '../../src/lib/http/subscriptionSchemas';
import { buildOpenApi } from '../../src/lib/http/openapi/openapi';
import { callListSchema, callViewSchema } from '../../src/lib/http/callSchemas';
import { admitBot } from '../../dev/simulator/callCreation';
import { requestToken } from '../../dev/callerToken';
import { useTestStack, user } from '../support/testStack';

const stack = useTestStack();
type Paths = Record<string, Record<string, { responses: Record<string, unknown> }>>;
const paths = (buildOpenApi() as { paths: Paths }).paths;
const seen: { path: string; method: string; status: number }[] = [];

async function call(path: string, method: string, url: string, init: RequestInit = {}): Promise<Response> {
  const auth = url.startsWith('/callback') ? {} : stack().auth;
  const response = await fetch(`${stack().url}/api${url}`, { method, ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) } });
  seen.push({ path, method: method.toLowerCase(), status: response.status });
  return response;
}

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the running API matches its OpenAPI definition', () => {
  it('every status each endpoint answers is documented, and bodies match the documented schemas', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    const invite = '/calls/{callId}/participants/invite';
    const status = '/calls/{callId}/invitations/{invitationId}';
    const find = '/calls/{callId}/invitations';
    const roster = '/calls/{callId}/participants';

    sim.scenario.behaviour = 'silent';
    const accepted = await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('c1')], clientContext: 'c1' }));
    expect(invitationViewSchema.safeParse(await accepted.json()).success).toBe(true);
    const pending = await call(status, 'GET', `/calls/${callId}/invitations/c1`);
    expect(pending.status).toBe(202);
    expect(invitationViewSchema.safeParse(await pending.json()).success).toBe(true);
    sim.scenario.behaviour = 'answer';
    const second = await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('c2')], clientContext: 'c2' }));
    await t.settle();
    const done = await call(status, 'GET', new URL(second.headers.get('location') ?? '').pathname.replace(/^\/api/, ''));
    expect(done.status).toBe(200);
    expect(invitationViewSchema.safeParse(await done.json()).success).toBe(true);
    for (const [clientContext, code] of [['c1', 202], ['c2', 200]] as const) {
      const found = await call(find, 'GET', `/calls/${callId}/invitations?clientContext=${clientContext}`);
      expect(found.status).toBe(code);
      expect(invitationViewSchema.safeParse(await found.json()).success).toBe(true);
    }
    const rosterResponse = await call(roster, 'GET', `/calls/${callId}/participants`);
    expect(rosterViewSchema.safeParse(await rosterResponse.json()).success).toBe(true);

    const problems: Response[] = [
      await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [] })),
      await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('other')], clientContext: 'c1' })),
      await call(invite, 'POST', `/calls/${callId}/participants/invite`, { headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('big')], pad: 'x'.repeat(1_100_000) })),
      await call(invite, 'POST', `/calls/no-such-call/participants/invite`, json({ participants: [user('c3')] })),
      await call(status, 'GET', `/calls/${callId}/invitations/nothing`),
      await call(find, 'GET', `/calls/${callId}/invitations?clientContext=nothing`),
      await call(find, 'GET', `/calls/${callId}/invitations`),
      await call(status, 'GET', `/calls/${callId}/invitations/${encodeURIComponent('caf\u00e9')}`),
      await call(roster, 'GET', '/calls/nothing/participants'),
      await call('/callback', 'POST', '/callback', json({ value: [] })),
      await call('/ops/notifications', 'GET', '/ops/notifications?state=bogus'),
      await call('/ops/notifications/replay', 'POST', '/ops/notifications/replay', json({ bogus: 1 })),
    ];
    sim.scenario.failNext = { status: 403, code: '7503', message: 'Application is not registered in our store.' };
    problems.push(await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('c4')] })));
    sim.scenario.throttle = 10;
    problems.push(await call(invite, 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('c5')] })));
    sim.scenario.throttle = 0;
    // Callers: no valid token (401), a token without the role (403).
    const noRoles = `Bearer ${await requestToken(t.stack, t.stack.simulator.localCallers.noRoles.appId)}`;
    for (const [path, method, url] of [[invite, 'POST', `/calls/${callId}/participants/invite`], [status, 'GET', `/calls/${callId}/invitations/c1`], [find, 'GET', `/calls/${callId}/invitations?clientContext=c1`], [roster, 'GET', `/calls/${callId}/participants`], ['/ops/notifications', 'GET', '/ops/notifications'], ['/ops/notifications/replay', 'POST', '/ops/notifications/replay']] as const) {
      problems.push(await call(path, method, url, { headers: { authorization: 'Bearer not-a-jwt' } }));
      problems.push(await call(path, method, url, { headers: { authorization: noRoles } }));
    }
    for (const p of problems) {
      expect(p.headers.get('content-type')).toBe('application/problem+json');
      expect(problemSchema.safeParse(await p.json()).success).toBe(true);
    }
    const token = `Bearer ${await sim.callbackToken()}`;
    await call('/callback', 'POST', '/callback', { headers: { 'content-type': 'application/json', authorization: token }, body: JSON.stringify({ value: [] }) });
    await call('/callback', 'POST', '/callback', { headers: { 'content-type': 'application/json', authorization: token }, body: '{' });
    await call('/health', 'GET', '/health');
    await call('/openapi.json', 'GET', '/openapi.json');
    await call('/ops/notifications', 'GET', '/ops/notifications');
    await call('/ops/notifications/replay', 'POST', '/ops/notifications/replay');

    const statuses = new Set(seen.map((s) => s.status));
    for (const expected of [200, 202, 400, 401, 403, 404, 409, 413, 415, 502, 503]) expect(statuses).toContain(expected);
    for (const { path, method, status: code } of seen) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {}), `${method.toUpperCase()} ${path} answered ${code}`).toContain(String(code));
    }
  });

  it('cancel, remove, subscriptions and their operator routes answer only documented statuses, with documented bodies', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const callId = t.newCall();
    await t.settle();
    const cancel = '/calls/{callId}/invitations/{invitationId}';
    const remove = '/calls/{callId}/participants/{participantId}';
    const subs = '/subscriptions';
    const sub = '/subscriptions/{subscriptionId}';
    const trigger = '/subscriptions/triggers/participant-joined';
    const deliveries = '/ops/webhooks/deliveries';
    const resume = '/ops/webhooks/subscriptions/{subscriptionId}/resume';
    sim.scenario.ringMs = 2000;
    const ringing = await call('/calls/{callId}/participants/invite', 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('k1')], clientContext: 'k1' }));
    const location = new URL(ringing.headers.get('location') ?? '').pathname.replace(/^\/api/, '');
    expect(invitationViewSchema.safeParse(await (await call(cancel, 'DELETE', location)).json()).success).toBe(true);
    sim.scenario.ringMs = 50;
    await call('/calls/{callId}/participants/invite', 'POST', `/calls/${callId}/participants/invite`, json({ participants: [user('k2')], clientContext: 'k2' }));
    await t.settle();
    const roster = (await (await call('/calls/{callId}/participants', 'GET', `/calls/${callId}/participants`)).json()) as { participants: { participantId: string; identity: { id: string } | null }[] };
    const k2 = roster.participants.find((p) => p.identity?.id === 'k2')?.participantId ?? '';
    const problems: Response[] = [
      await call(cancel, 'DELETE', `/calls/${callId}/invitations/k2`),
      await call(cancel, 'DELETE', `/calls/${callId}/invitations/nothing`),
      await call(remove, 'DELETE', `/calls/${callId}/participants/no-such-participant`),
    ];
    expect(removalViewSchema.safeParse(await (await call(remove, 'DELETE', `/calls/${callId}/participants/${k2}`)).json()).success).toBe(true);
    sim.scenario.failNextDelete = { status: 403, code: 'Forbidden', message: 'no' };
    problems.push(await call(remove, 'DELETE', `/calls/${callId}/participants/${k2}`));

    const receiver = 'http://127.0.0.1:9/hooks';
    const created = await call(subs, 'POST', '/subscriptions', json({ notificationUrl: receiver, events: ['call.ended'] }));
    const view = (await created.json()) as { id: string };
    expect(subscriptionViewSchema.safeParse(view).success).toBe(true);
    expect(subscriptionViewSchema.safeParse(await (await call(trigger, 'POST', '/subscriptions/triggers/participant-joined', json({ notificationUrl: receiver }))).json()).success).toBe(true);
    expect(subscriptionViewSchema.safeParse(await (await call(sub, 'GET', `/subscriptions/${view.id}`)).json()).success).toBe(true);
    expect(deliveryListSchema.safeParse(await (await call(deliveries, 'GET', '/ops/webhooks/deliveries')).json()).success).toBe(true);
    expect(subscriptionViewSchema.safeParse(await (await call(resume, 'POST', `/ops/webhooks/subscriptions/${view.id}/resume`)).json()).success).toBe(true);
    await call(sub, 'DELETE', `/subscriptions/${view.id}`);
    const noRoles = `Bearer ${await requestToken(t.stack, t.stack.simulator.localCallers.noRoles.appId)}`;
    problems.push(
      await call(subs, 'POST', '/subscriptions', json({ notificationUrl: 'http://10.0.0.1/', events: ['call.ended'] })),
      await call(subs, 'POST', '/subscriptions', { headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await call(subs, 'POST', '/subscriptions', { ...json({ notificationUrl: receiver, events: ['call.ended'] }), headers: { 'content-type': 'application/json', authorization: noRoles } }),
      await call(trigger, 'POST', '/subscriptions/triggers/participant-joined', json({ notificationUrl: 'ftp://x' })),
      await call(sub, 'GET', `/subscriptions/${view.id}`),
      await call(sub, 'GET', '/subscriptions/not-a-uuid'),
      await call(deliveries, 'GET', '/ops/webhooks/deliveries?state=bogus'),
      await call(resume, 'POST', `/ops/webhooks/subscriptions/${view.id}/resume`),
    );
    for (const p of problems) {
      expect(p.headers.get('content-type')).toBe('application/problem+json');
      expect(problemSchema.safeParse(await p.json()).success).toBe(true);
    }
    const answered = new Set(seen.filter((s) => [cancel, remove, subs, sub, trigger, deliveries, resume].includes(s.path)).map((s) => `${s.method} ${s.status}`));
    for (const expected of ['delete 200', 'delete 409', 'delete 404', 'delete 502', 'post 201', 'post 400', 'post 403', 'post 415', 'get 200', 'get 404', 'get 400', 'delete 204']) expect(answered).toContain(expected);
    for (const { path, method, status: code } of seen) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {}), `${method.toUpperCase()} ${path} answered ${code}`).toContain(String(code));
    }
  });

  it("the bot's calls (join, get, hang up, list, invite by link) answer only documented statuses, with documented bodies", async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    const calls = '/calls';
    const one = '/calls/{callId}';
    const byLink = '/meetings/invite';
    sim.scenario.botLobby = 'hold';
    const joining = await call(calls, 'POST', '/calls', json({ joinMeetingId: '812345678901' }));
    expect(joining.status).toBe(202);
    const { callId } = (await joining.json()) as { callId: string };
    await t.settle();
    const lobby = await call(one, 'GET', `/calls/${callId}`);
    expect(lobby.status).toBe(202);
    expect(callViewSchema.safeParse(await lobby.json()).success).toBe(true);
    const waiting = await call(byLink, 'POST', '/meetings/invite', json({ joinMeetingId: '812345678901', participants: [user('m1')], clientContext: 'm1' }));
    expect(waiting.status).toBe(202);
    expect(invitationViewSchema.safeParse(await waiting.json()).success).toBe(true);
    admitBot(sim, callId);
    await t.settle();
    expect(callViewSchema.safeParse(await (await call(one, 'GET', `/calls/${callId}`)).json()).success).toBe(true);
    expect(callListSchema.safeParse(await (await call(calls, 'GET', '/calls?state=active')).json()).success).toBe(true);
    expect(callViewSchema.safeParse(await (await call(one, 'DELETE', `/calls/${callId}`)).json()).success).toBe(true);
    await t.settle();
    const noRoles = `Bearer ${await requestToken(t.stack, t.stack.simulator.localCallers.noRoles.appId)}`;
    const problems: Response[] = [
      await call(calls, 'POST', '/calls', json({ joinLink: 'https://teams.live.com/meet/1234567890123' })),
      await call(calls, 'POST', '/calls', json({ targets: [user('p1')], clientContext: 'p2p-1' })),
      await call(calls, 'POST', '/calls', json({ targets: [user('p2')], clientContext: 'p2p-1' })),
      await call(calls, 'POST', '/calls', { headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await call(calls, 'GET', '/calls?state=all'),
      await call(one, 'GET', '/calls/nothing'),
      await call(one, 'DELETE', '/calls/nothing'),
      await call(byLink, 'POST', '/meetings/invite', json({ joinMeetingId: '1' , participants: [user('x')] })),
      await call(calls, 'POST', '/calls', { ...json({ joinMeetingId: '812345678902' }), headers: { 'content-type': 'application/json', authorization: noRoles } }),
      await call(byLink, 'POST', '/meetings/invite', { ...json({ joinMeetingId: '812345678902', participants: [user('x')] }), headers: { 'content-type': 'application/json', authorization: noRoles } }),
    ].filter((r) => r.status >= 400);
    sim.scenario.failNextCreate = 'callingNotEnabled';
    problems.push(await call(calls, 'POST', '/calls', json({ joinMeetingId: '812345678903' })));
    sim.scenario.failNextCreate = { status: 500, code: 'InternalServerError', message: 'boom' };
    problems.push(await call(calls, 'POST', '/calls', json({ joinMeetingId: '812345678904' })));
    expect(problems.length).toBeGreaterThanOrEqual(10);
    for (const p of problems) {
      expect(p.headers.get('content-type')).toBe('application/problem+json');
      expect(problemSchema.safeParse(await p.json()).success).toBe(true);
    }
    const answered = new Set(seen.filter((s) => [calls, one, byLink].includes(s.path)).map((s) => `${s.method} ${s.status}`));
    for (const expected of ['post 202', 'post 400', 'post 403', 'post 409', 'post 415', 'post 502', 'get 200', 'get 202', 'get 400', 'get 404', 'delete 200', 'delete 404']) expect(answered).toContain(expected);
    for (const { path, method, status: code } of seen) {
      expect(Object.keys(paths[path]?.[method]?.responses ?? {}), `${method.toUpperCase()} ${path} answered ${code}`).toContain(String(code));
    }
  });
});
