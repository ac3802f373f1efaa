import { describe, expect, it } from 'vitest';
import { applyItem, finalizeExpired } from '../../../src/lib/domain/applyNotification';
import { withChanges } from '../../../src/lib/domain/foldNotifications';
import { identityKey } from '../../../src/lib/domain/identity';
import { applyOperation, applyPresence } from '../../../src/lib/domain/invitationTransitions';
import { isEmpty, noChanges, type CallSnapshot } from '../../../src/lib/domain/roster';
import { ada, at, bob, callRecord, entry, invite, iso, rosterItem, snapshot, stateItem, incoming } from './fixtures';

/** The state stored after `states` arrive in this order. */
function stored(...states: string[]): string | undefined {
  let snap: CallSnapshot = snapshot([]);
  states.forEach((s, i) => (snap = withChanges(snap, applyItem(snap, stateItem(s), at(i)))));
  return snap.call?.state;
}

describe('call state: phases only move forward', () => {
  it('an incoming call is answered, set up, established, ends', () => {
    expect(stored('incoming', 'establishing', 'established', 'terminating', 'terminated')).toBe('terminated');
    expect(stored('incoming', 'established')).toBe('established');
    expect(stored('incoming', 'establishing')).toBe('establishing');
  });

  it('a late state from an earlier phase changes nothing', () => {
    expect(stored('establishing', 'incoming')).toBe('establishing');
    expect(stored('established', 'incoming')).toBe('established');
    expect(stored('established', 'establishing')).toBe('established');
    expect(stored('terminating', 'established')).toBe('terminating');
    expect(stored('terminated', 'terminating')).toBe('terminated');
    expect(stored('terminated', 'established')).toBe('terminated');
  });

  it('in the call, states come and go in arrival order', () => {
    expect(stored('established', 'hold', 'established')).toBe('established');
    expect(stored('established', 'transferring')).toBe('transferring');
  });

  it('a repeated state writes nothing', () => {
    const snap = snapshot([], [], callRecord('established'));
    expect(applyItem(snap, stateItem('established'), at(5))).toEqual(noChanges);
    const ended = snapshot([], [], callRecord('terminated'));
    expect(isEmpty(applyItem(ended, stateItem('terminated'), at(5)))).toBe(true);
  });

  it('a state change keeps when the call was first seen, and its result unless a new one comes', () => {
    const first = { ...callRecord('establishing', 1), resultInfo: { code: 200, subcode: 0, message: 'ok' } };
    const changes = applyItem(snapshot([], [], first), stateItem('established'), at(9));
    expect(changes).toEqual({
      call: { callId: first.callId, state: 'established', resultInfo: first.resultInfo, terminatedAt: undefined, establishedAt: iso(9), createdAt: iso(1), updatedAt: iso(9) },
      invitations: [],
      roster: [],
    });
  });

  it('established is remembered once (the first time, any letter case) and kept by later states, as are fields the rule does not own', () => {
    const origin = { kind: 'meeting' as const, requestKey: 'meeting:joinId:123456', myParticipantId: 'bot' };
    const hangUp = { reason: 'requested' as const, at: iso(2) };
    const start = { ...callRecord('establishing', 1), origin, hangUp };
    const established = applyItem(snapshot([], [], start), stateItem('Established'), at(4)).call;
    expect(established).toMatchObject({ establishedAt: iso(4), origin, hangUp });
    const held = applyItem(snapshot([], [], established), stateItem('hold'), at(6)).call;
    expect(held).toMatchObject({ state: 'hold', establishedAt: iso(4), origin, hangUp });
    const ended = applyItem(snapshot([], [], held), stateItem('terminated'), at(8)).call;
    expect(ended).toMatchObject({ state: 'terminated', establishedAt: iso(4), terminatedAt: iso(8), origin });
    expect(applyItem(snapshot([], [], start), stateItem('hold'), at(5)).call?.establishedAt).toBeUndefined();
    expect(applyItem(snapshot([], [], start), stateItem('terminated'), at(5)).call?.establishedAt).toBeUndefined();
  });

  it('a state other than terminated leaves the roster and the invitations alone', () => {
    const snap = snapshot([invite('c', [ada])], [entry('p1', { identity: bob })], callRecord('established'));
    const changes = applyItem(snap, stateItem('hold'), at(3));
    expect(changes.invitations).toEqual([]);
    expect(changes.roster).toEqual([]);
  });
});

describe('call state: the end of the call', () => {
  it('the invitee in the call leaves with it, and their completed invitation says so', () => {
    let inv = invite('c', [ada]);
    inv = applyPresence(inv, identityKey(ada), [{ participantId: 'pa', inCall: true, inLobby: false }], at(1));
    const snap = snapshot([inv], [entry('pa', { identity: ada, invitationClientContext: 'c' })], callRecord('established'));
    const changes = applyItem(snap, stateItem('terminated', { code: 200, subcode: 5001, message: 'bye' }), at(7));
    expect(changes.call).toMatchObject({ state: 'terminated', terminatedAt: iso(7), resultInfo: { subcode: 5001 } });
    expect(changes.roster).toEqual([expect.objectContaining({ participantId: 'pa', present: false, leftAt: iso(7), removalReason: 'callEnded' })]);
    expect(changes.invitations).toEqual([expect.objectContaining({ status: 'completed', outcomeReason: 'joined' })]);
    expect(changes.invitations[0]?.invitees[0]).toMatchObject({ state: 'left', leftAt: iso(7) });
  });

  it('open invitations fail with callEnded; finished ones are not rewritten', () => {
    const done = applyOperation(invite('done', [bob]), { operationId: 'op', status: 'failed', resultInfo: undefined }, at(1));
    const snap = snapshot([done, invite('open', [ada])], [], callRecord('established'));
    const changes = applyItem(snap, stateItem('terminated'), at(8));
    expect(changes.invitations).toEqual([expect.objectContaining({ clientContext: 'open', status: 'failed', outcomeReason: 'callEnded' })]);
    expect(changes.roster).toEqual([]);
  });

  it('after the end, rosters change nothing', () => {
    const snap = snapshot([invite('c', [ada])], [], callRecord('terminated'));
    expect(applyItem(snap, rosterItem('full', [incoming('pa', { identity: ada })]), at(9))).toEqual(noChanges);
  });
});

describe('finalizing expired invitations', () => {
  it('expires exactly at the deadline, not before, and only open ones', () => {
    const open = invite('open', [ada], 0, 60);
    const young = invite('young', [bob], 30, 60);
    const done = applyOperation(invite('done', [bob], 0, 60), { operationId: 'op', status: 'completed', resultInfo: undefined }, at(1));
    const snap = snapshot([open, young, done]);
    expect(finalizeExpired(snap, at(59))).toEqual(noChanges);
    const changes = finalizeExpired(snap, at(60));
    expect(changes).toEqual({ call: undefined, invitations: [expect.objectContaining({ clientContext: 'open', status: 'failed', outcomeReason: 'timeout' })], roster: [] });
  });
});
