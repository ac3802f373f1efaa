import { describe, expect, it } from 'vitest';
import { newInvitation, type Invitation } from '../../../src/lib/domain/invitation';
import { applyOperation, applyPresence, finalize, markAccepted, markRejected } from '../../../src/lib/domain/invitationTransitions';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(t0.getTime() + s * 1000);

function invitation(keys = ['user:a']): Invitation {
  return newInvitation({
    callId: 'c',
    clientContext: 'ctx',
    invitees: keys.map((k) => ({ kind: 'user', id: k.slice(5), displayName: undefined, tenantId: undefined })),
    identityKeys: keys,
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
    const oneIn = applyPresence(inv, 'user:a', 'p1', true, later(1));
    expect(oneIn.status).toBe('pending');
    const bothIn = applyPresence(oneIn, 'user:b', 'p2', true, later(2));
    expect(bothIn).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    const left = applyPresence(bothIn, 'user:a', 'p1', false, later(3));
    expect(left.invitees[0]).toMatchObject({ state: 'left', participantId: 'p1' });
    expect(left.status).toBe('completed');
    expect(applyPresence(left, 'user:a', 'p1', false, later(4))).toBe(left);
  });

  it('records Graph\'s word when the roster showed the join first, keeping the outcome', () => {
    const joined = applyPresence(invitation(), 'user:a', 'p1', true, later(1));
    expect(joined).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    const confirmed = applyOperation(joined, { operationId: 'op1', status: 'completed', resultInfo: { code: 200, subcode: 0, message: 'OK' } }, later(2));
    expect(confirmed).toMatchObject({ status: 'completed', outcomeReason: 'operationCompleted', resultInfo: { code: 200 } });
    expect(applyOperation(joined, { operationId: 'op1', status: 'failed', resultInfo: undefined }, later(2))).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
  });

  it('finalizes on timeout or call end as failed, unless someone joined', () => {
    expect(finalize(invitation(), 'timeout', later(200))).toMatchObject({ status: 'failed', outcomeReason: 'timeout' });
    expect(finalize(invitation(), 'callEnded', later(5))).toMatchObject({ status: 'failed', outcomeReason: 'callEnded' });
    const partly = applyPresence(invitation(['user:a', 'user:b']), 'user:a', 'p1', true, later(1));
    const final = finalize(partly, 'timeout', later(200));
    expect(final).toMatchObject({ status: 'completed', outcomeReason: 'joined' });
    expect(final.invitees.map((i) => i.state)).toEqual(['joined', 'failed']);
  });

  it('a Graph rejection fails every invitee', () => {
    const rejected = markRejected(invitation(), { code: 403, subcode: undefined, message: '7503: x' }, 'r', later(1));
    expect(rejected).toMatchObject({ status: 'failed', outcomeReason: 'graphRejected', graphRequestId: 'r' });
  });
});
