import { describe, expect, it } from 'vitest';
import { applyItem } from '../../../src/lib/domain/applyNotification';
import { withChanges } from '../../../src/lib/domain/foldNotifications';
import { identityKey, type ParticipantIdentity } from '../../../src/lib/domain/identity';
import type { Invitation } from '../../../src/lib/domain/invitation';
import { applyOperation } from '../../../src/lib/domain/invitationTransitions';
import { linkInvitations, sightingsByKey } from '../../../src/lib/domain/linkInvitations';
import type { CallSnapshot } from '../../../src/lib/domain/roster';
import { acs, ada, at, bob, entry, guest, incoming, invite, iso, phone, rosterItem, snapshot } from './fixtures';

/** The snapshot after a delta roster with these participants at second `s`. */
function seen(snap: CallSnapshot, s: number, ...participants: ReturnType<typeof incoming>[]): CallSnapshot {
  return withChanges(snap, applyItem(snap, rosterItem('delta', participants), at(s)));
}
const arrives = (id: string, identity: ParticipantIdentity | undefined, over = {}) => incoming(id, { identity, ...over });
const invitation = (snap: CallSnapshot, clientContext: string): Invitation => snap.invitations.find((i) => i.clientContext === clientContext)!;
const linkOf = (snap: CallSnapshot, participantId: string) => snap.roster.find((e) => e.participantId === participantId)?.invitationClientContext;

describe('linking roster participants to invitations', () => {
  it('links phone, ACS and guest invitees by the identity they show on the roster', () => {
    let snap = snapshot([invite('tel', [phone]), invite('acs', [acs]), invite('guest', [guest])]);
    snap = seen(snap, 1, arrives('p1', { ...phone, id: '14255550100' }), arrives('p2', { ...acs, kind: 'acsUser' }), arrives('p3', guest));
    expect([linkOf(snap, 'p1'), linkOf(snap, 'p2'), linkOf(snap, 'p3')]).toEqual(['tel', 'acs', 'guest']);
    for (const ctx of ['tel', 'acs', 'guest']) expect(invitation(snap, ctx).status, ctx).toBe('completed');
  });

  it('links to the invitation that names the participant, among several naming several', () => {
    let snap = snapshot([invite('ada-only', [ada]), invite('both', [phone, bob])]);
    snap = seen(snap, 1, arrives('pb', bob));
    expect(linkOf(snap, 'pb')).toBe('both');
    expect(invitation(snap, 'ada-only').status).toBe('pending');
    expect(invitation(snap, 'both').invitees.map((i) => i.state)).toEqual(['invited', 'joined']);
  });

  it('someone nobody invited is not linked, and no invitation changes', () => {
    const snap = snapshot([invite('c', [ada])]);
    const changes = applyItem(snap, rosterItem('delta', [arrives('pb', bob)]), at(1));
    expect(changes.roster).toEqual([expect.objectContaining({ participantId: 'pb', invitationClientContext: undefined })]);
    expect(changes.invitations).toEqual([]);
  });

  it('the newest invitation that did not fail brings the participant, whatever the stored order', () => {
    const declined = applyOperation(invite('declined', [ada], 5), { operationId: 'o', status: 'failed', resultInfo: undefined }, at(6));
    const snap = seen(snapshot([invite('newer', [ada], 3), declined, invite('older', [ada], 1)]), 9, arrives('pa', ada));
    expect(linkOf(snap, 'pa')).toBe('newer');
    const reversed = seen(snapshot([invite('older', [ada], 1), invite('newer', [ada], 3)]), 9, arrives('pa', ada));
    expect(linkOf(reversed, 'pa')).toBe('newer');
  });

  it('a declined invitee who joins by link is not linked to the declined invitation', () => {
    const declined = applyOperation(invite('c', [ada]), { operationId: 'o', status: 'failed', resultInfo: undefined }, at(1));
    expect(linkOf(seen(snapshot([declined]), 2, arrives('pa', ada)), 'pa')).toBeUndefined();
  });

  it('a departure keeps the link it had and creates none', () => {
    const snap = snapshot([invite('c', [ada])], [entry('pa', { identity: ada, invitationClientContext: 'earlier' })]);
    const changes = applyItem(snap, rosterItem('delta', [arrives('pa', undefined, { removedReason: 'removed' }), arrives('px', ada, { removedReason: 'removed' })]), at(2));
    expect(changes.roster.map((e) => [e.participantId, e.invitationClientContext])).toEqual([['pa', 'earlier'], ['px', undefined]]);
  });

  it('an invitee waiting in the lobby is inLobby, then joined when admitted', () => {
    let snap = seen(snapshot([invite('c', [ada])]), 1, arrives('pa', ada, { isInLobby: true }));
    expect(invitation(snap, 'c').invitees[0]).toMatchObject({ state: 'inLobby', participantId: 'pa' });
    expect(invitation(snap, 'c').status).toBe('pending');
    snap = seen(snap, 2, arrives('pa', ada, { isInLobby: false }));
    expect(invitation(snap, 'c').invitees[0]).toMatchObject({ state: 'joined', participantId: 'pa' });
  });

  it('on two devices, the invitee stays until the last one leaves', () => {
    let snap = seen(snapshot([invite('c', [ada, bob])]), 1, arrives('pa1', ada), arrives('pa2', ada));
    snap = seen(snap, 2, arrives('pa1', undefined, { removedReason: 'removed' }));
    expect(invitation(snap, 'c').invitees[0]).toMatchObject({ state: 'joined', participantId: 'pa2' });
    snap = seen(snap, 3, arrives('pa2', undefined, { removedReason: 'removed' }));
    expect(invitation(snap, 'c').invitees[0]).toMatchObject({ state: 'left', leftAt: at(3).toISOString() });
  });

  it('sightings: present and not in the lobby is in the call; gone is neither', () => {
    const roster = [
      entry('p1', { identity: ada }),
      entry('p2', { identity: ada, isInLobby: true }),
      entry('p3', { identity: ada, present: false, isInLobby: true }),
      entry('p4', { identity: undefined }),
    ];
    expect(sightingsByKey(roster)).toEqual(
      new Map([
        [
          identityKey(ada),
          [
            { participantId: 'p1', inCall: true, inLobby: false },
            { participantId: 'p2', inCall: false, inLobby: true },
            { participantId: 'p3', inCall: false, inLobby: false },
          ],
        ],
      ]),
    );
  });

  it('a departed sighting: someone gone after having been in the call, since when we know it', () => {
    const gone = entry('pa', { identity: ada, present: false, wasInCall: true, leftAt: iso(3), updatedAt: iso(9) });
    expect(sightingsByKey([gone]).get(`user:${ada.id}`)).toEqual([{ participantId: 'pa', inCall: false, inLobby: false, leftAt: iso(3) }]);
    expect(sightingsByKey([{ ...gone, leftAt: undefined }]).get(`user:${ada.id}`)?.[0]?.leftAt).toBe(iso(9));
    const neverIn = entry('pb', { identity: bob, present: false, wasInCall: false, leftAt: iso(3) });
    expect(sightingsByKey([neverIn]).get(`user:${bob.id}`)?.[0]?.leftAt).toBeUndefined();
  });

  it('first news of an invitee after they left (out of order): the invitee left, through the invitation made before', () => {
    const before = invite('before', [ada], 1);
    const after = invite('after', [ada], 5);
    const gone = entry('pa', { identity: ada, present: false, wasInCall: true, joinedAt: undefined, leftAt: iso(3), removalReason: 'removed' });
    const linked = linkInvitations([before, after], [gone], [gone], at(4));
    expect(linked.roster).toEqual([{ ...gone, invitationClientContext: 'before' }]);
    expect(linked.invitations.map((i) => [i.clientContext, i.status, i.invitees[0]?.state, i.invitees[0]?.participantId, i.invitees[0]?.joinedAt])).toEqual([
      ['before', 'completed', 'left', 'pa', iso(4)],
    ]);
    // Joined by Graph's word first: the time it was told stays.
    const told = applyOperation({ ...before, status: 'running' }, { operationId: 'o', status: 'completed', resultInfo: undefined }, at(2));
    expect(linkInvitations([told], [gone], [gone], at(4)).invitations[0]?.invitees[0]).toMatchObject({ state: 'left', participantId: 'pa', joinedAt: iso(2) });
    // Present participants link to the newest invitation naming them, whenever it was made.
    const present = entry('pa', { identity: ada, leftAt: iso(3) });
    expect(linkInvitations([before, after], [present], [present], at(4)).roster[0]?.invitationClientContext).toBe('after');
    // One never seen in the call (removed from the lobby) is not linked.
    const lobbyGone = { ...gone, wasInCall: false };
    expect(linkInvitations([before], [lobbyGone], [lobbyGone], at(4)).roster).toEqual([lobbyGone]);
  });

  it('reports only the invitations that changed', () => {
    const invitations = [invite('a', [ada]), invite('b', [bob])];
    const roster = [entry('pa', { identity: ada })];
    const linked = linkInvitations(invitations, roster, roster, at(1));
    expect(linked.invitations.map((i) => i.clientContext)).toEqual(['a']);
  });
});
