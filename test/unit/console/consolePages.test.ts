import { describe, expect, it } from 'vitest';
import type { AuthenticatedCaller } from '../../../src/lib/auth/permissions';
import { callPage, type CallPageViewer } from '../../../src/lib/console/callPage';
import { callsListPage } from '../../../src/lib/console/callsListPage';
import { callSummary, matchesSearch } from '../../../src/lib/console/callSummary';
import type { Invitation } from '../../../src/lib/domain/invitation';
import type { CallSnapshot, RosterEntry } from '../../../src/lib/domain/roster';

const html = '<img src=x onerror=alert(1)> Ada <b>"Lovelace"</b> & co';
const user = (id: string, displayName: string) => ({ kind: 'user' as const, id, displayName, tenantId: undefined });
const me: AuthenticatedCaller = { caller: { kind: 'user', id: 'me', tenantId: 't', appId: 'console' }, grants: { delegated: true, roles: new Set(), scopes: new Set(['Calls.Read', 'Invitations.Invite']) } };
const someoneElse = { kind: 'application' as const, id: 'bot', tenantId: 't', appId: 'bot' };

function invitation(clientContext: string, status: Invitation['status'], invitedBy = me.caller): Invitation {
  return {
    callId: 'call-1', clientContext, status, outcomeReason: status === 'failed' ? 'operationFailed' : undefined, operationId: 'op', resultInfo: undefined, graphRequestId: undefined,
    invitees: [{ identity: user('u1', html), key: 'user:u1', state: status === 'completed' ? 'joined' : 'invited', participantId: 'p1', joinedAt: undefined, leftAt: undefined, ringingParticipantId: undefined } as Invitation['invitees'][number]],
    requestHash: 'h', createdAt: '2026-12-02T05:00:00.000Z', updatedAt: '2026-12-02T05:00:00.000Z', completedAt: undefined, deadline: '2026-12-02T05:02:00.000Z', invitedBy,
  };
}
const present: RosterEntry = { participantId: 'p1', identity: user('u1', html), identityKey: 'user:u1', endpointType: undefined, isMuted: false, isInLobby: false, present: true, joinedAt: '2026-12-02T05:00:10.000Z', leftAt: undefined, removalReason: undefined, sequence: 1, invitationClientContext: 'mine-open', updatedAt: '' };
const snapshot: CallSnapshot = {
  callId: 'call-1',
  call: { callId: 'call-1', state: 'established', resultInfo: undefined, terminatedAt: undefined, createdAt: '2026-12-02T04:59:00.000Z', updatedAt: '' },
  invitations: [invitation('mine-open', 'running'), invitation('theirs-open', 'running', someoneElse), invitation('failed-one', 'failed')],
  roster: [present],
};
const viewer = (scopes: string[]): CallPageViewer => ({ name: html, csrf: 'csrf-token', caller: { ...me, grants: { delegated: true, roles: new Set(), scopes: new Set(scopes) } }, may: { act: scopes.includes('Invitations.Invite'), operate: scopes.includes('Operations.Admin'), manage: scopes.includes('Calls.Manage') } });
const data = { snapshot, picture: { start: undefined, end: undefined, lanes: [], invitations: [] }, notifications: { pending: 0, dead: 2 }, deliveries: undefined, pausedSubscriptions: [], now: new Date('2026-12-02T05:01:00Z') };

describe('the console pages', () => {
  it('summarise a call for the list: who is in, open and failed invitations, and what a search matches', () => {
    const summary = callSummary(snapshot);
    expect(summary).toMatchObject({ callId: 'call-1', state: 'established', live: true, invitations: { open: 2, failed: 1, total: 3 } });
    expect(matchesSearch(summary, 'MINE-open')).toBe(true);
    expect(matchesSearch(summary, 'lovelace')).toBe(true);
    expect(matchesSearch(summary, 'call-')).toBe(true);
    expect(matchesSearch(summary, 'nobody')).toBe(false);
    expect(matchesSearch(summary, '  ')).toBe(true);
  });

  it('escape every value: a display name, the viewer name, the search', () => {
    const page = callsListPage({ name: html, csrf: 'c' }, [callSummary(snapshot)], '"><script>x</script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; Ada &lt;b&gt;&quot;Lovelace&quot;&lt;/b&gt; &amp; co');
    const call = callPage(viewer(['Calls.Read']), data);
    expect(call).not.toContain('<img');
    expect(call).not.toContain('<b>');
  });

  it('offer only the actions the viewer may take: Cancel on their own open invitations, Remove with Invitations.Invite; none with Calls.Read alone', () => {
    const reader = callPage(viewer(['Calls.Read']), data);
    expect(reader).not.toContain('<button type="submit" aria-label="Cancel');
    expect(reader).not.toContain('Remove');
    expect(reader).not.toContain('Replay');
    expect(reader).not.toContain('Hang up');
    const inviter = callPage(viewer(['Calls.Read', 'Invitations.Invite']), data);
    expect(inviter).toContain('aria-label="Cancel invitation mine-open"');
    expect(inviter).not.toContain('Cancel invitation theirs-open');
    expect(inviter).not.toContain('Cancel invitation failed-one');
    expect(inviter).toContain('aria-label="Remove ');
    // The bot's own entry (Graph's myParticipantId) has no Remove: the bot leaves by hanging up.
    const bot: RosterEntry = { ...present, participantId: 'p-bot', identity: { kind: 'application', id: 'bot-app', displayName: 'The bot', tenantId: undefined }, identityKey: 'application:bot-app' };
    const joined = { ...data, snapshot: { ...snapshot, call: snapshot.call && { ...snapshot.call, origin: { kind: 'meeting' as const, requestKey: 'k', myParticipantId: 'p-bot' } }, roster: [present, bot] } };
    const withBot = callPage(viewer(['Calls.Read', 'Invitations.Invite']), joined);
    expect(withBot.match(/aria-label="Remove /g)).toHaveLength(1);
    expect(withBot).not.toContain('Remove The bot');
    expect(inviter).not.toContain('Replay');
    expect(inviter).not.toContain('Hang up');
    const operator = callPage(viewer(['Calls.Read', 'Invitations.Invite', 'Calls.Manage', 'Operations.Admin']), data);
    expect(operator).toContain('aria-label="Hang up the call"');
    expect(callPage(viewer(['Calls.Read', 'Calls.Manage']), { ...data, snapshot: { ...snapshot, call: { ...snapshot.call!, state: 'terminated' } } })).not.toContain('Hang up');
    expect(operator).toContain('Cancel invitation theirs-open');
    expect(operator).toContain('Replay dead notifications');
    // Every form carries the session's CSRF token.
    const forms = operator.match(/<form [^>]*method="post"[^>]*>/g) ?? [];
    const tokens = operator.match(/name="csrf" value="csrf-token"/g) ?? [];
    expect(forms.length).toBeGreaterThan(3);
    expect(tokens.length).toBe(forms.length);
  });
});
