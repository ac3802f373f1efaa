import { describe, expect, it } from 'vitest';
import { useTestStack, user } from '../support/testStack';

/*
 * The local host decodes the path the way Azure's front end does (dev/frontEndPath.ts), so these
 * status URLs are followed here as they would be in Azure. Graph accepts any printable ASCII up
 * to 256 characters as clientContext; flows build them from run ids and paths.
 */
const stack = useTestStack();

const contexts = [
  'flow/runs/08585316/actions/Invite',
  '100%',
  'a+b',
  'what?now',
  'step#2',
  'urn:flow:42',
  'two words here',
  '%2F already encoded',
  `/${'x%?#:+ '.repeat(31)}`.slice(0, 256),
];

describe('status URLs survive the deployed front end', () => {
  it.each(contexts)('clientContext %j: the Location and the query-string lookup find the invitation Graph really got', async (clientContext) => {
    const t = stack();
    const callId = t.newCall();
    const response = await t.invite(callId, { participants: [user(`u-${contexts.indexOf(clientContext)}`)], clientContext });
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    // Only unreserved characters in the path: nothing for a front end to decode.
    expect(new URL(location).pathname).toMatch(/^[A-Za-z0-9\-._~/]+$/);
    expect(((await response.json()) as { links: { self: string } }).links.self).toBe(location);
    await t.settle();
    // Graph got exactly this clientContext, once.
    expect(t.stack.simulator.sim.invites.filter((i) => i.callId === callId).map((i) => i.clientContext)).toEqual([clientContext]);
    const polled = await t.getJson(location);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ clientContext, status: 'completed' });
    const query = new URLSearchParams({ clientContext }).toString();
    const looked = await t.getJson(`/api/calls/${encodeURIComponent(callId)}/invitations?${query}`);
    expect(looked.status).toBe(200);
    expect(looked.body).toMatchObject({ clientContext, status: 'completed', links: { self: location } });
  });

  it('the old path form keeps working for a clientContext the front end leaves alone', async () => {
    const t = stack();
    const callId = t.newCall();
    expect((await t.invite(callId, { participants: [user('old')], clientContext: 'flow-run-42' })).status).toBe(202);
    await t.settle();
    const old = await t.getJson(`/api/calls/${callId}/invitations/flow-run-42`);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ clientContext: 'flow-run-42', status: 'completed' });
  });

  it('a clientContext with "/" in the old path form is not routed, as in Azure', async () => {
    const t = stack();
    const callId = t.newCall();
    expect((await t.invite(callId, { participants: [user('slash')], clientContext: 'a/b' })).status).toBe(202);
    expect((await t.api(`/api/calls/${callId}/invitations/${encodeURIComponent('a/b')}`)).status).toBe(404);
  });

  it('an unknown clientContext in the query is a 404 problem; a missing one a 400 problem', async () => {
    const t = stack();
    const callId = t.newCall();
    const unknown = await t.api(`/api/calls/${callId}/invitations?clientContext=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const missing = await t.api(`/api/calls/${callId}/invitations`);
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });
});
