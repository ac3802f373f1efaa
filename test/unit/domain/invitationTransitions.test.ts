import { describe, expect, it } from 'vitest';
import { newInvitation, type Invitation } from '../../../src/lib/domain/invitation';
import { applyOperation, applyPresence, finalize, markAccepted, markRejected, type Sighting } from '../../../src/lib/domain/invitationTransitions';

const inCall = (...ids: string[]): Sighting[] => ids.map((participantId) => ({ participantId, inCall: true, inLobby: false }));
const inLobby = (participantId: string): Sighting[] => [{ participantId, inCall: false, inLobby: true }];
const gone: Sighting[] = [];

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(t0.getTime() + s * 1000);

function invitation(keys = ['user:a']): Invitation {
  return newInvitation({
    callId: 'c',
    clientContext: 'ctx',
    invitees: keys.map((k) => ({ kind: 'user', id: k.slice(5), displayName: undefined, tenantId: undefined })),
    requestHash: 'h',
    now: t0,
    timeoutSeconds: 120,
  });
}

describe('invitation transitions', () => {
  it('moves forward only, and a terminal outcome is never overwritten', () => {
    const running = markAccepted(invitation(), 'op1', 'req1', later(1));
    expect(running.status).toBe('running');
    const failed = applyOperation(running, { operationId: 'op1', status: 'failed', resultInfo: { code: 480, subcode: 10076, message: 'x' } }, later(2));
    expect(failed).toMatchObject({ status: 'failed', outcomeReason: 'operationFailed', resultInfo: { code: 480 } });
    expect(failed.invitees[0]?.state).toBe('failed');
    expect(applyOperation(failed, { operationId: 'op1', status: 'completed', resultInfo: undefined }, later(3))).toBe(failed);
    expect(applyOperation(failed, { operationId: 'op1', status: 'running', resultInfo: undefined }, later(3))).toBe(failed);
    expect(markAccepted(failed, 'op1', 'req1', later(4))).toBe(failed);
    expect(finalize(failed, 'timeout', later(500))).toBe(failed);
  });

  it('a running notification after completion, or a repeated one, changes nothing', () => {
    const done = applyOperation(invitation(), { operationId: 'op1', status: 'completed', resultInfo: undefined }, later(1));
    expect(done).toMatchObject({ status: 'completed', operationId: 'op1' });
    expect(done.invitees[0]).toMatchObject({ state: 'joined' });
    const two = applyOperation(invitation(['user:a', 'user:b']), { operationId: 'op1', status: 'completed', resultInfo: undefined }, later(1));
    // With two invitees, "completed" does not say who answered: only the roster does.
    expect(two.invitees.map((i) => i.state)).toEqual(['invited', 'invited']);
    expect(applyOperation(done, { operationId: 'op1', status: 'completed', resultInfo: undefined }, later(2))).toBe(done);
    const running = markAccepted(invitation(), 'op1', undefined, later(1));
    expect(applyOperation(running, { operationId: 'op1', status: 'running', resultInfo: undefined }, later(2))).toBe(running);
  });

  it('Graph accepting after the notification already settled it keeps the outcome', () => {
    const done = applyOperation(invitation(), { operationId: 'op1', status: 'completed', resultInfo: undefined }, later(1));
    const after = markAccepted(done, 'op1', 'req1', later(2));
    expect(after.status).toBe('completed');
    expect(after.graphRequestId).toBe('req1');
  });

  it('completes once every invitee shows up on the roster, and records leaving', () => {
    const inv = invitation(['user:a', 'user:b']);
    const oneIn = applyPresence(inv, 'user:a', inCall('p1'), later(1));
    expect(oneIn.status).toBe('pending');
    const bothIn = applyPresence(oneIn, 'user:b', inCall('p2'), later(2));
    expect(bothIn).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    const left = applyPresence(bothIn, 'user:a', gone, later(3));
    expect(left.invitees[0]).toMatchObject({ state: 'left', participantId: 'p1' });
    expect(left.status).toBe('completed');
    expect(applyPresence(left, 'user:a', gone, later(4))).toBe(left);
  });

  it('records Graph\'s word when the roster showed the join first, keeping the outcome', () => {
    const joined = applyPresence(invitation(), 'user:a', inCall('p1'), later(1));
    expect(joined).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    const confirmed = applyOperation(joined, { operationId: 'op1', status: 'completed', resultInfo: { code: 200, subcode: 0, message: 'OK' } }, later(2));
    expect(confirmed).toMatchObject({ status: 'completed', outcomeReason: 'operationCompleted', resultInfo: { code: 200 } });
    expect(applyOperation(joined, { operationId: 'op1', status: 'failed', resultInfo: undefined }, later(2))).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
  });

  it('finalizes on timeout or call end as failed, unless someone joined', () => {
    expect(finalize(invitation(), 'timeout', later(200))).toMatchObject({ status: 'failed', outcomeReason: 'timeout' });
    expect(finalize(invitation(), 'callEnded', later(5))).toMatchObject({ status: 'failed', outcomeReason: 'callEnded' });
    const partly = applyPresence(invitation(['user:a', 'user:b']), 'user:a', inCall('p1'), later(1));
    const final = finalize(partly, 'timeout', later(200));
    expect(final).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    expect(final.invitees.map((i) => i.state)).toEqual(['joined', 'failed']);
  });

  it('a Graph rejection fails every invitee', () => {
    const rejected = markRejected(invitation(), { code: 403, subcode: undefined, message: '7503: x' }, 'r', later(1));
    expect(rejected).toMatchObject({ status: 'failed', outcomeReason: 'graphRejected', graphRequestId: 'r' });
  });

  it('the lobby is not the call; a user on two devices stays until the last device leaves', () => {
    const waiting = applyPresence(invitation(), 'user:a', inLobby('p1'), later(1));
    expect(waiting).toMatchObject({ status: 'pending' });
    expect(waiting.invitees[0]).toMatchObject({ state: 'inLobby', participantId: 'p1' });
    const admitted = applyPresence(waiting, 'user:a', inCall('p1', 'p2'), later(2));
    expect(admitted).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    const oneDeviceLeft = applyPresence(admitted, 'user:a', inCall('p2'), later(3));
    expect(oneDeviceLeft.invitees[0]).toMatchObject({ state: 'joined', participantId: 'p2', joinedAt: later(2).toISOString() });
    expect(applyPresence(oneDeviceLeft, 'user:a', gone, later(4)).invitees[0]).toMatchObject({ state: 'left', leftAt: later(4).toISOString() });
    const lobbyTimedOut = finalize(waiting, 'timeout', later(200));
    expect(lobbyTimedOut).toMatchObject({ status: 'failed', outcomeReason: 'timeout' });
    expect(lobbyTimedOut.invitees[0]?.state).toBe('failed');
  });

  it('a failed invitation never changes: a declined invitee who later joins by link did not join through it', () => {
    const declined = applyOperation(invitation(), { operationId: 'op1', status: 'failed', resultInfo: { code: 603, subcode: 10003, message: 'declined' } }, later(1));
    expect(applyPresence(declined, 'user:a', inCall('p1'), later(2))).toBe(declined);
  });
});
