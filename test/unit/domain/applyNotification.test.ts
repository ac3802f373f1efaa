import { describe, expect, it } from 'vitest';
import { applyItem, finalizeExpired } from '../../../src/lib/domain/applyNotification';
import { foldNotifications, withChanges } from '../../../src/lib/domain/foldNotifications';
import { identityKey } from '../../../src/lib/domain/identity';
import { newInvitation } from '../../../src/lib/domain/invitation';
import { classifyItem } from '../../../src/lib/graph/notificationItem';
import type { CallSnapshot } from '../../../src/lib/domain/roster';

const callId = '491f0b00-ffff-4bc9-a43e-b226498ec22a';
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const ada = { kind: 'user' as const, id: 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5', displayName: 'Ada', tenantId: undefined };

function snapshotWithInvitation(): CallSnapshot {
  const inv = newInvitation({ callId, clientContext: 'ctx', invitees: [ada], requestHash: 'h', now: t0, timeoutSeconds: 120 });
  return { callId, call: undefined, invitations: [inv], roster: [] };
}

const rosterWith = (participants: unknown[]) =>
  classifyItem({ changeType: 'updated', resourceUrl: `/communications/calls/${callId}/participants`, resourceData: participants });

const adaParticipant = (seq: number) => ({
  id: 'p-ada',
  // Legacy spelling of the same user id: still links.
  info: { identity: { user: { id: 'A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5', displayName: 'Ada' } } },
  rosterSequenceNumber: seq,
});

describe('applying notifications to a call', () => {
  it('links a roster participant to the invitation that named the same identity', () => {
    const snap = snapshotWithInvitation();
    const changes = applyItem(snap, rosterWith([adaParticipant(2)]), at(1));
    expect(changes.roster[0]).toMatchObject({ participantId: 'p-ada', invitationClientContext: 'ctx', present: true });
    expect(changes.invitations[0]).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    expect(changes.invitations[0]?.invitees[0]).toMatchObject({ state: 'joined', participantId: 'p-ada' });
  });

  it('correlates operations by clientContext first, then by operation id, and ignores strangers', () => {
    const snap = snapshotWithInvitation();
    const byContext = foldNotifications(snap, [classifyItem({ changeType: 'deleted', resourceUrl: `/communications/calls/${callId}/operations/op-1`, resourceData: { status: 'failed', clientContext: 'ctx' } })], at(1));
    expect(byContext.changes.invitations[0]).toMatchObject({ status: 'failed', operationId: 'op-1' });
    const withOp = withChanges(snap, { call: undefined, invitations: [{ ...snap.invitations[0]!, operationId: 'op-2', status: 'running' }], roster: [] });
    const byOp = foldNotifications(withOp, [classifyItem({ changeType: 'deleted', resourceUrl: `/communications/calls/${callId}/operations/op-2`, resourceData: { status: 'completed', clientContext: null } })], at(1));
    expect(byOp.changes.invitations[0]).toMatchObject({ status: 'completed' });
    const stranger = foldNotifications(snap, [classifyItem({ changeType: 'deleted', resourceUrl: `/communications/calls/${callId}/operations/op-9`, resourceData: { status: 'completed', clientContext: 'someone-else' } })], at(1));
    expect(stranger.outcomes[0]?.result).toBe('unmatched');
    expect(stranger.changes.invitations).toEqual([]);
  });

  it('a terminated call closes the roster and finalizes open invitations, then stays terminated', () => {
    let snap = snapshotWithInvitation();
    const bob = { id: 'p-bob', info: { identity: { user: { id: 'bob' } } }, rosterSequenceNumber: 1 };
    snap = withChanges(snap, applyItem(snap, rosterWith([bob]), at(1)));
    const end = classifyItem({ changeType: 'deleted', resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'terminated', resultInfo: { code: '200', subcode: '5001' } } });
    const changes = applyItem(snap, end, at(2));
    expect(changes.call).toMatchObject({ state: 'terminated', resultInfo: { code: 200, subcode: 5001 } });
    expect(changes.roster).toEqual([expect.objectContaining({ participantId: 'p-bob', present: false, removalReason: 'callEnded' })]);
    expect(changes.invitations[0]).toMatchObject({ status: 'failed', outcomeReason: 'callEnded' });
    const after = withChanges(snap, changes);
    expect(applyItem(after, rosterWith([adaParticipant(9)]), at(3)).roster).toEqual([]);
    const established = classifyItem({ changeType: 'updated', resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'established' } });
    expect(applyItem(after, established, at(3)).call).toBeUndefined();
  });

  it('call state never moves back a phase', () => {
    const snap = snapshotWithInvitation();
    const established = applyItem(snap, classifyItem({ resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'established' } }), at(1));
    const later = withChanges(snap, established);
    expect(applyItem(later, classifyItem({ resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'establishing' } }), at(2)).call).toBeUndefined();
    expect(applyItem(later, classifyItem({ resourceUrl: `/communications/calls/${callId}`, resourceData: { state: 'hold' } }), at(2)).call?.state).toBe('hold');
  });

  it('finalizes expired invitations, but not when the invitee is already on the roster', () => {
    const snap = snapshotWithInvitation();
    expect(finalizeExpired(snap, at(60)).invitations).toEqual([]);
    expect(finalizeExpired(snap, at(121)).invitations[0]).toMatchObject({ status: 'failed', outcomeReason: 'timeout' });
    const present = { ...snap, roster: [{ participantId: 'p-ada', identity: ada, identityKey: identityKey(ada), endpointType: undefined, isMuted: false, isInLobby: false, present: true, joinedAt: t0.toISOString(), leftAt: undefined, removalReason: undefined, sequence: 1, invitationClientContext: undefined, updatedAt: t0.toISOString() }] };
    expect(finalizeExpired(present, at(121)).invitations[0]).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
  });
});
