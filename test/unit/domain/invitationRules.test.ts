import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/lib/domain/identity';
import type { Invitation } from '../../../src/lib/domain/invitation';
import { applyOperation, applyPresence, finalize, markAccepted, markRejected, type Sighting } from '../../../src/lib/domain/invitationTransitions';
import { ada, at, bob, invite, iso } from './fixtures';

const A = identityKey(ada);
const B = identityKey(bob);
const inCall = (...ids: string[]): Sighting[] => ids.map((participantId) => ({ participantId, inCall: true, inLobby: false }));
const lobby = (participantId: string): Sighting[] => [{ participantId, inCall: false, inLobby: true }];
const op = (status: 'notStarted' | 'running' | 'completed' | 'failed', operationId = 'op-1') => ({ operationId, status, resultInfo: undefined });
const states = (inv: Invitation) => inv.invitees.map((i) => i.state);

describe('invitations and Graph operations', () => {
  it('notStarted and running both mean running, recorded once', () => {
    const running = applyOperation(invite('c', [ada]), op('notStarted'), at(1));
    expect(running).toMatchObject({ status: 'running', operationId: 'op-1', updatedAt: iso(1) });
    expect(applyOperation(running, op('running'), at(2))).toBe(running);
  });

  it('a completed operation answers for a single invitee only', () => {
    const single = applyOperation(invite('c', [ada]), op('completed'), at(3));
    expect(single.invitees[0]).toMatchObject({ state: 'joined', joinedAt: iso(3), participantId: undefined });
    const pair = applyOperation(invite('c', [ada, bob]), op('completed'), at(3));
    expect(pair).toMatchObject({ status: 'completed', outcomeReason: 'operationCompleted' });
    expect(states(pair)).toEqual(['invited', 'invited']);
  });

  it('a completed operation leaves an invitee waiting in the lobby there', () => {
    const waiting = applyPresence(invite('c', [ada]), A, lobby('p1'), at(1));
    const done = applyOperation(waiting, op('completed'), at(2));
    expect(done.status).toBe('completed');
    expect(done.invitees[0]).toMatchObject({ state: 'inLobby', participantId: 'p1' });
  });

  it('a failed operation fails only the invitees not yet seen in the call', () => {
    const oneIn = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    const failed = applyOperation(oneIn, op('failed'), at(2));
    expect(failed).toMatchObject({ status: 'failed', outcomeReason: 'operationFailed' });
    expect(states(failed)).toEqual(['joined', 'failed']);
  });

  it('a terminal invitation learns its operation id late, and nothing else', () => {
    const timedOut = finalize(invite('c', [ada]), 'timeout', at(120));
    const later = applyOperation(timedOut, op('completed', 'op-late'), at(130));
    expect(later).toMatchObject({ status: 'failed', outcomeReason: 'timeout', operationId: 'op-late', updatedAt: iso(130) });
    expect(applyOperation(later, op('completed', 'op-late'), at(131))).toBe(later);
  });

  it('a late 4xx never overwrites an outcome', () => {
    const done = applyOperation(invite('c', [ada]), op('completed'), at(1));
    expect(markRejected(done, { code: 403, subcode: 7503, message: 'x' }, 'req', at(2))).toBe(done);
  });

  it('Graph accepting records running and the ids once; the first ids stay', () => {
    const accepted = markAccepted(invite('c', [ada]), undefined, undefined, at(1));
    expect(accepted).toMatchObject({ status: 'running', updatedAt: iso(1) });
    const withOp = markAccepted(accepted, 'op-1', undefined, at(2));
    expect(withOp).toMatchObject({ operationId: 'op-1', updatedAt: iso(2) });
    const withRequest = markAccepted(withOp, 'op-2', 'req-1', at(3));
    expect(withRequest).toMatchObject({ operationId: 'op-1', graphRequestId: 'req-1' });
    expect(markAccepted(withRequest, 'op-3', 'req-2', at(4))).toBe(withRequest);
  });
});

describe('invitations and the roster', () => {
  it('a repeated sighting changes nothing, and a second device does not move the invitee', () => {
    const joined = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    expect(applyPresence(joined, A, inCall('pa'), at(2))).toBe(joined);
    expect(applyPresence(joined, A, inCall('pa2', 'pa'), at(2))).toBe(joined);
  });

  it('an invitee answered by the operation is placed by the roster: lobby first, then the call', () => {
    const answered = applyOperation(invite('c', [ada]), op('completed'), at(1));
    const inLobby = applyPresence(answered, A, lobby('p1'), at(2));
    expect(inLobby.invitees[0]).toMatchObject({ state: 'inLobby', participantId: 'p1' });
    expect(applyPresence(inLobby, A, lobby('p1'), at(3))).toBe(inLobby);
    expect(applyPresence(inLobby, A, inCall('p1'), at(4)).invitees[0]).toMatchObject({ state: 'joined', joinedAt: iso(4) });
  });

  it('someone in the call who is now only in the lobby has left it, and stays left', () => {
    const joined = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    const left = applyPresence(joined, A, lobby('pa2'), at(3));
    expect(left.invitees[0]).toMatchObject({ state: 'left', leftAt: iso(3), participantId: 'pa' });
    expect(applyPresence(left, A, lobby('pa3'), at(4))).toBe(left);
    expect(applyPresence(left, A, [], at(4))).toBe(left);
  });

  it('a waiting invitee follows the lobby entry that carries them', () => {
    const waiting = applyPresence(invite('c', [ada]), A, lobby('p1'), at(1));
    expect(applyPresence(waiting, A, lobby('p2'), at(2)).invitees[0]).toMatchObject({ state: 'inLobby', participantId: 'p2' });
  });

  it('a failed invitation keeps its invitees as they were, whoever leaves later', () => {
    const partly = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    const failed = applyOperation(partly, op('failed'), at(2));
    expect(applyPresence(failed, A, [], at(3))).toBe(failed);
  });

  it('joined by Graph\'s word alone, an invitee the roster never showed does not leave', () => {
    const answered = applyOperation(invite('c', [ada]), op('completed'), at(1));
    expect(applyPresence(answered, A, [], at(2))).toBe(answered);
  });

  it('sent away from the lobby, the invitee is invited again', () => {
    const waiting = applyPresence(invite('c', [ada]), A, lobby('p1'), at(1));
    expect(applyPresence(waiting, A, [], at(2)).invitees[0]).toMatchObject({ state: 'invited', participantId: undefined });
  });

  it('one joined and gone plus one joined completes the invitation', () => {
    let inv = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    inv = applyPresence(inv, A, [], at(2));
    expect(inv.status).toBe('pending');
    inv = applyPresence(inv, B, inCall('pb'), at(3));
    expect(inv).toMatchObject({ status: 'completed', outcomeReason: 'joined', completedAt: iso(3) });
  });

  it('an invitee failed at the deadline stays failed when they join later', () => {
    const partly = applyPresence(invite('c', [ada, bob]), A, inCall('pa'), at(1));
    const closed = finalize(partly, 'timeout', at(120));
    expect(states(closed)).toEqual(['joined', 'failed']);
    expect(applyPresence(closed, B, inCall('pb'), at(130))).toBe(closed);
  });

  it('a failed invitation ignores the roster entirely', () => {
    const declined = applyOperation(invite('c', [ada]), op('failed'), at(1));
    expect(applyPresence(declined, A, inCall('pa'), at(2))).toBe(declined);
  });
});

describe('finalizing at the deadline or the end of the call', () => {
  it('someone who joined and left still counts; those in the lobby or never seen fail', () => {
    let inv = invite('c', [ada, bob]);
    inv = applyPresence(inv, A, inCall('pa'), at(1));
    inv = applyPresence(inv, A, [], at(2));
    inv = applyPresence(inv, B, lobby('pb'), at(3));
    const closed = finalize(inv, 'timeout', at(120));
    expect(closed).toMatchObject({ status: 'completed', outcomeReason: 'joined', completedAt: iso(120) });
    expect(states(closed)).toEqual(['left', 'failed']);
  });

  it('nobody seen: failed with the reason given; a terminal invitation is left alone', () => {
    const ended = finalize(invite('c', [ada]), 'callEnded', at(5));
    expect(ended).toMatchObject({ status: 'failed', outcomeReason: 'callEnded', completedAt: iso(5) });
    expect(states(ended)).toEqual(['failed']);
    expect(finalize(ended, 'timeout', at(6))).toBe(ended);
  });
});
