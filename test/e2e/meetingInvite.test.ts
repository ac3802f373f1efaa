import { describe, expect, it } from 'vitest';
import { admitBot } from '../../dev/simulator/callCreation';
import { recordMeetingInvitation } from '../../src/lib/app/meetingInviteService';
import { getServices } from '../../src/lib/app/services';
import { functionKeyCaller } from '../../src/lib/domain/caller';
import { parseInviteBody } from '../../src/lib/graph/inviteRequest';
import { useTestStack, user } from '../support/testStack';

/*
 * Invite by meeting link, one request: the bot joins (unless it is in the meeting), the invite goes
 * out once the call is established. Ground truth: the create calls and invites the simulated Graph got.
 */
const stack = useTestStack();

const inviteByLink = (body: unknown) =>
  stack().api('/api/meetings/invite', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const joinsOf = (joinMeetingId: string) => stack().stack.simulator.sim.creates.filter((c) => (c.body.meetingInfo as { joinMeetingId?: string } | undefined)?.joinMeetingId === joinMeetingId);
const invitesOf = (clientContext: string) => stack().stack.simulator.sim.invites.filter((i) => i.clientContext === clientContext && i.status === 200);

async function joined(joinMeetingId: string): Promise<string> {
  const r = await stack().api('/api/calls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ joinMeetingId }) });
  const { callId } = (await r.json()) as { callId: string };
  await stack().settle();
  expect((await stack().getJson(`/api/calls/${callId}`)).body).toMatchObject({ state: 'established' });
  return callId;
}

describe('invite by meeting link', () => {
  it('a meeting the bot is not in: one join; the invite waits (202, joining) and goes out once, after established', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.botLobby = 'hold';
    const response = await inviteByLink({ joinLink: 'https://teams.microsoft.com/meet/3456789012345?p=Pw1', participants: [user('ada-link')], clientContext: 'link-1' });
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    const view = (await response.json()) as { callId: string; status: string; meetingJoin: { state: string; call: string } };
    expect(view).toMatchObject({ status: 'pending', meetingJoin: { state: 'joining', call: `${t.url}/api/calls/${view.callId}` } });
    await t.settle();
    expect(invitesOf('link-1')).toHaveLength(0);
    expect(await t.getJson(location)).toMatchObject({ status: 202, body: { meetingJoin: { state: 'joining' } } });
    // A retry meanwhile: the same invitation, no second join, nothing sent yet.
    const retry = await inviteByLink({ joinLink: 'https://teams.microsoft.com/meet/3456789012345?p=Pw1', participants: [user('ada-link')], clientContext: 'link-1' });
    expect(retry.status).toBe(202);
    expect(invitesOf('link-1')).toHaveLength(0);
    admitBot(sim, view.callId);
    await t.settle();
    expect(joinsOf('3456789012345')).toHaveLength(1);
    expect(invitesOf('link-1').map((i) => i.callId)).toEqual([view.callId]);
    const done = await t.getJson(location);
    expect(done).toMatchObject({ status: 200, body: { status: 'completed', meetingJoin: { state: 'joined' } } });
  });

  it('a meeting the bot is in: no second join; the invite is sent by the request itself', async () => {
    const t = stack();
    const callId = await joined('4567890123456');
    const response = await inviteByLink({ joinMeetingId: '4567 8901 23456', participants: [user('bob-link')], clientContext: 'link-2' });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ callId, status: 'running', meetingJoin: { state: 'joined' } });
    await t.settle();
    expect(joinsOf('4567890123456')).toHaveLength(1);
    expect(invitesOf('link-2')).toHaveLength(1);
  });

  it('bad input: a consumer link or missing participants is a 400, Graph not called', async () => {
    const t = stack();
    const creates = t.stack.simulator.sim.creates.length;
    expect((await inviteByLink({ joinLink: 'https://teams.live.com/meet/9876543210987?p=a', participants: [user('x')] })).status).toBe(400);
    expect((await inviteByLink({ joinMeetingId: '5678901234567' })).status).toBe(400);
    expect((await inviteByLink({ participants: [user('x')] })).status).toBe(400);
    expect(t.stack.simulator.sim.creates.length).toBe(creates);
  });
});

describe('a crash between the join and the invite', () => {
  // What a request (or the callback that applied established) left when its process died: the bot
  // is in the call, the invitation is recorded and unsent, and the established notification is past.
  async function crashedAfterJoin(joinMeetingId: string, clientContext: string, who: string): Promise<string> {
    const callId = await joined(joinMeetingId);
    const services = await getServices();
    await recordMeetingInvitation(services, callId, parseInviteBody({ participants: [user(who)], clientContext }), undefined, functionKeyCaller);
    return callId;
  }

  it('the retried request sends the invite, once', async () => {
    const t = stack();
    const callId = await crashedAfterJoin('6789012345678', 'crash-link-1', 'cy');
    expect(invitesOf('crash-link-1')).toHaveLength(0);
    const retry = await inviteByLink({ joinMeetingId: '6789012345678', participants: [user('cy')], clientContext: 'crash-link-1' });
    expect(retry.status).toBe(202);
    await t.settle();
    expect(invitesOf('crash-link-1').map((i) => i.callId)).toEqual([callId]);
    await t.stack.host.runTimer('finalizeInvitations');
    expect(invitesOf('crash-link-1')).toHaveLength(1);
  });

  it('without a retry, the sweep sends it after the call\'s time limit, once', async () => {
    const t = stack();
    const callId = await crashedAfterJoin('7890123456789', 'crash-link-2', 'di');
    await t.stack.host.runTimer('finalizeInvitations');
    expect(invitesOf('crash-link-2')).toHaveLength(0);
    t.advance(300 + 61);
    await t.stack.host.runTimer('finalizeInvitations');
    await t.settle();
    expect(invitesOf('crash-link-2').map((i) => i.callId)).toEqual([callId]);
    await t.stack.host.runTimer('finalizeInvitations');
    expect(invitesOf('crash-link-2')).toHaveLength(1);
    expect((await t.getJson(`/api/calls/${callId}/invitations/crash-link-2`)).body).toMatchObject({ status: 'completed', meetingJoin: { state: 'joined' } });
  });
});
