import { describe, expect, it } from 'vitest';
import { identityKey } from '../../../src/lib/domain/identity';
import type { Invitation, Invitee } from '../../../src/lib/domain/invitation';
import { planCancel, requestCancel } from '../../../src/lib/domain/cancellation';
import { markCancelled } from '../../../src/lib/domain/invitationOutcome';
import { applyOperation, markAccepted } from '../../../src/lib/domain/invitationTransitions';
import { ada, at, bob, invite, iso } from './fixtures';

const withInvitees = (inv: Invitation, ...changes: Partial<Invitee>[]): Invitation => ({
  ...inv,
  invitees: inv.invitees.map((i, n) => ({ ...i, ...changes[n] })),
});
const running = (inv: Invitation): Invitation => ({ ...inv, status: 'running' });

describe('planCancel: what cancelling an invitation needs', () => {
  it('deletes the participant id Graph gave each invitee still ringing, or the lobby id the roster gave', () => {
    const inv = withInvitees(running(invite('c', [ada, bob])), { graphParticipantId: 'p-ada' }, { state: 'inLobby', participantId: 'lobby-bob', graphParticipantId: 'p-bob' });
    expect(planCancel(inv)).toEqual({ kind: 'cancel', participantIds: ['p-ada', 'lobby-bob'] });
  });

  it('leaves out invitees already in the call or gone', () => {
    const inv = withInvitees(running(invite('c', [ada, bob])), { state: 'joined', participantId: 'in', graphParticipantId: 'g1' }, { graphParticipantId: 'p-bob' });
    expect(planCancel(inv)).toEqual({ kind: 'cancel', participantIds: ['p-bob'] });
    const allIn = withInvitees(running(invite('c', [ada])), { state: 'left', participantId: 'gone' });
    expect(planCancel(allIn)).toEqual({ kind: 'cancel', participantIds: [] });
  });

  it('cannot name an invitee that rings without any id', () => {
    const inv = withInvitees(running(invite('c', [ada, bob])), { graphParticipantId: 'p-ada' }, {});
    expect(planCancel(inv)).toEqual({ kind: 'notAddressable' });
  });

  it('a cancelled invitation is cancelled already; any other finished one is finished', () => {
    const cancelled = markCancelled(withInvitees(running(invite('c', [ada])), { graphParticipantId: 'p' }), at(5));
    expect(planCancel(cancelled)).toEqual({ kind: 'alreadyCancelled' });
    expect(planCancel({ ...running(invite('c', [ada])), status: 'completed', outcomeReason: 'operationCompleted' })).toEqual({ kind: 'finished' });
    expect(planCancel({ ...running(invite('c', [ada])), status: 'failed', outcomeReason: 'timeout' })).toEqual({ kind: 'finished' });
  });
});

describe('requestCancel and markCancelled', () => {
  it('records the intent once, with the time, and never on a finished invitation', () => {
    const inv = running(invite('c', [ada]));
    const requested = requestCancel(inv, at(3));
    expect(requested).toMatchObject({ cancelRequestedAt: iso(3), updatedAt: iso(3), status: 'running' });
    expect(requestCancel(requested, at(9))).toBe(requested);
    const done = { ...inv, status: 'completed' as const };
    expect(requestCancel(done, at(3))).toBe(done);
  });

  it('fails an invitation nobody answered, ringing and waiting invitees failed, reason cancelled', () => {
    const inv = withInvitees(running(invite('c', [ada, bob])), {}, { state: 'inLobby', participantId: 'l' });
    const cancelled = markCancelled(inv, at(7));
    expect(cancelled).toMatchObject({ status: 'failed', outcomeReason: 'cancelled', completedAt: iso(7), updatedAt: iso(7), cancelRequestedAt: iso(7) });
    expect(cancelled.invitees.map((i) => i.state)).toEqual(['failed', 'failed']);
  });

  it('completes one in which someone had joined (they stay); keeps the time the cancel was asked', () => {
    for (const state of ['joined', 'left'] as const) {
      const inv = requestCancel(withInvitees(running(invite('c', [ada, bob])), { state, participantId: 'p' }, {}), at(2));
      const cancelled = markCancelled(inv, at(7));
      expect(cancelled).toMatchObject({ status: 'completed', outcomeReason: 'cancelled', cancelRequestedAt: iso(2) });
      expect(cancelled.invitees.map((i) => i.state)).toEqual([state, 'failed']);
    }
  });

  it('changes nothing finished', () => {
    const done = { ...running(invite('c', [ada])), status: 'failed' as const, outcomeReason: 'timeout' as const };
    expect(markCancelled(done, at(7))).toBe(done);
  });
});

describe("Graph's operation after a cancel", () => {
  const op = (status: 'completed' | 'failed') => ({ operationId: 'op', status, resultInfo: { code: 487, subcode: 0, message: 'cancelled' } });

  it('a failed operation of an invitation whose cancel was asked means cancelled, with Graph resultInfo', () => {
    const inv = requestCancel(running(invite('c', [ada])), at(1));
    expect(applyOperation(inv, op('failed'), at(4))).toMatchObject({ status: 'failed', outcomeReason: 'cancelled', resultInfo: { code: 487 }, operationId: 'op' });
  });

  it('without a cancel it is a plain failure; a completed one (answered first) stays completed', () => {
    expect(applyOperation(running(invite('c', [ada])), op('failed'), at(4))).toMatchObject({ outcomeReason: 'operationFailed' });
    const inv = requestCancel(running(invite('c', [ada])), at(1));
    expect(applyOperation(inv, op('completed'), at(4))).toMatchObject({ status: 'completed', outcomeReason: 'operationCompleted' });
  });

  it('keeps resultInfo it had when Graph gives none', () => {
    const inv = { ...requestCancel(running(invite('c', [ada])), at(1)), resultInfo: { code: 1, subcode: 2, message: 'm' } };
    expect(applyOperation(inv, { operationId: 'op', status: 'failed', resultInfo: undefined }, at(4)).resultInfo).toEqual({ code: 1, subcode: 2, message: 'm' });
  });
});

describe("markAccepted: the participant ids in Graph's answer", () => {
  it('gives each invitee the id Graph listed for its identity, and keeps an id it has', () => {
    const inv = withInvitees(invite('c', [ada, bob]), {}, { graphParticipantId: 'kept' });
    const ids = new Map([[identityKey(ada), 'g-ada'], [identityKey(bob), 'g-bob']]);
    const accepted = markAccepted(inv, 'op', 'req', at(2), ids);
    expect(accepted.invitees.map((i) => i.graphParticipantId)).toEqual(['g-ada', 'kept']);
    expect(accepted).toMatchObject({ status: 'running', updatedAt: iso(2) });
  });

  it('ids alone are a change; nothing new is no change', () => {
    const inv = markAccepted(invite('c', [ada]), 'op', 'req', at(1));
    const withIds = markAccepted(inv, 'op', 'req', at(2), new Map([[identityKey(ada), 'g']]));
    expect(withIds).not.toBe(inv);
    expect(withIds).toMatchObject({ updatedAt: iso(2), invitees: [{ graphParticipantId: 'g' }] });
    expect(markAccepted(withIds, 'op', 'req', at(3), new Map([[identityKey(ada), 'other']]))).toBe(withIds);
    expect(markAccepted(inv, 'op', 'req', at(3), new Map([['user:someone-else', 'x']]))).toBe(inv);
  });
});
