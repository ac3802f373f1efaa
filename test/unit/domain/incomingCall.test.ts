import { describe, expect, it } from 'vitest';
import { applyItem } from '../../../src/lib/domain/applyNotification';
import { foldNotifications, withChanges } from '../../../src/lib/domain/foldNotifications';
import { actedOn, followState, isDecided, receivedIncoming, type IncomingCall, type IncomingCallInfo } from '../../../src/lib/domain/incomingCall';
import { decideIncoming, type IncomingCallPolicy } from '../../../src/lib/domain/incomingPolicy';
import { incomingAfter, recordIncomingAction } from '../../../src/lib/domain/incomingTransitions';
import type { NotificationItem } from '../../../src/lib/domain/notification';
import { isEmpty, type CallSnapshot } from '../../../src/lib/domain/roster';
import { ada, at, callId, callRecord, iso, phone, snapshot, stateItem } from './fixtures';

const home = 'c0c1c2c3-0000-4000-8000-000000000001';
const other = 'd0d1d2d3-0000-4000-8000-000000000002';
const info = (over: Partial<IncomingCallInfo> = {}): IncomingCallInfo => ({ caller: { ...ada, tenantId: undefined }, tenantId: home, chatInfo: undefined, meetingInfo: undefined, ...over });
const ringing = (over: Partial<IncomingCallInfo> = {}): NotificationItem => ({ kind: 'callState', callId, state: 'incoming', resultInfo: undefined, incoming: info(over) });
const policy = (over: Partial<IncomingCallPolicy> = {}): IncomingCallPolicy => ({ mode: 'answer', allowedTenants: [home], allowedCallers: 'any', ...over });

/** The stored call after the items, in this order, one second apart. */
function after(...items: NotificationItem[]): CallSnapshot {
  return items.reduce<CallSnapshot>((snap, item, i) => withChanges(snap, applyItem(snap, item, at(i))), snapshot([]));
}

describe('incoming policy', () => {
  it('leave and reject do not look at the caller', () => {
    expect(decideIncoming(policy({ mode: 'leave' }), info({ tenantId: other }))).toEqual({ action: 'leave' });
    expect(decideIncoming(policy({ mode: 'reject' }), info())).toEqual({ action: 'reject', reason: 'busy' });
  });

  it('answers callers of an allowed tenant, in any spelling of its id; forbids the others', () => {
    expect(decideIncoming(policy(), info())).toEqual({ action: 'answer' });
    expect(decideIncoming(policy({ allowedTenants: [home.toUpperCase().replace(/-/g, '')] }), info())).toEqual({ action: 'answer' });
    expect(decideIncoming(policy(), info({ tenantId: other }))).toEqual({ action: 'reject', reason: 'forbidden' });
    expect(decideIncoming(policy(), info({ tenantId: undefined }))).toEqual({ action: 'reject', reason: 'forbidden' });
    expect(decideIncoming(policy({ allowedTenants: 'any' }), info({ tenantId: undefined }))).toEqual({ action: 'answer' });
    expect(decideIncoming(policy({ allowedTenants: [other, home] }), info())).toEqual({ action: 'answer' });
  });

  it("a caller's own tenant (a guest, another tenant) counts over the call's", () => {
    expect(decideIncoming(policy(), info({ caller: { ...ada, tenantId: other } }))).toEqual({ action: 'reject', reason: 'forbidden' });
    expect(decideIncoming(policy({ allowedTenants: [other] }), info({ caller: { ...ada, tenantId: other } }))).toEqual({ action: 'answer' });
  });

  it('with a caller list, only those callers; an unknown caller is not one of them', () => {
    const listed = policy({ allowedCallers: [ada.id.toUpperCase()] });
    expect(decideIncoming(listed, info())).toEqual({ action: 'answer' });
    expect(decideIncoming(listed, info({ caller: phone }))).toEqual({ action: 'reject', reason: 'forbidden' });
    expect(decideIncoming(listed, info({ caller: undefined }))).toEqual({ action: 'reject', reason: 'forbidden' });
    expect(decideIncoming(policy({ allowedCallers: [phone.id] }), info({ caller: phone }))).toEqual({ action: 'answer' });
    expect(decideIncoming(policy({ allowedCallers: [phone.id, ada.id] }), info())).toEqual({ action: 'answer' });
    expect(decideIncoming(policy({ allowedCallers: 'any' }), info({ caller: undefined }))).toEqual({ action: 'answer' });
  });
});

describe('the incoming record', () => {
  const pending: IncomingCall = receivedIncoming(info(), iso(0));

  it('starts pending, with what Graph said', () => {
    expect(pending).toEqual({ ...info(), receivedAt: iso(0), result: 'pending', rejectReason: undefined, failure: undefined, decidedAt: undefined });
    expect(isDecided(pending)).toBe(false);
    expect(isDecided(undefined)).toBe(false);
  });

  it('takes the first action only', () => {
    const rejected = actedOn(pending, { result: 'rejected', reason: 'forbidden' }, iso(1));
    expect(rejected).toMatchObject({ result: 'rejected', rejectReason: 'forbidden', failure: undefined, decidedAt: iso(1) });
    expect(isDecided(rejected)).toBe(true);
    expect(actedOn(rejected, { result: 'answered' }, iso(2))).toBe(rejected);
    expect(actedOn(pending, { result: 'failed', failure: '7503' }, iso(1))).toMatchObject({ result: 'failed', failure: '7503', rejectReason: undefined });
    expect(actedOn(pending, { result: 'left' }, iso(1))).toMatchObject({ result: 'left', rejectReason: undefined, failure: undefined });
  });

  it('established means answered; ending before that is missed, unless rejected or left', () => {
    expect(followState(pending, 'established', false, iso(1))).toMatchObject({ result: 'answered', decidedAt: iso(1) });
    const answered = actedOn(pending, { result: 'answered' }, iso(1));
    expect(followState(answered, 'established', false, iso(2))).toBe(answered);
    expect(followState(answered, 'terminated', false, iso(2))).toMatchObject({ result: 'missed', decidedAt: iso(2) });
    expect(followState(pending, 'terminated', false, iso(2))).toMatchObject({ result: 'missed' });
    expect(followState(answered, 'terminated', true, iso(2))).toBe(answered);
    expect(followState(answered, 'establishing', false, iso(2))).toBe(answered);
    for (const done of [actedOn(pending, { result: 'left' }, iso(1)), actedOn(pending, { result: 'rejected', reason: 'busy' }, iso(1))]) {
      expect(followState(done, 'terminated', false, iso(2))).toBe(done);
      expect(followState(done, 'established', false, iso(2))).toBe(done);
    }
  });
});

describe('incoming calls in the call state', () => {
  it('the incoming notification records the call once; a repeat changes nothing', () => {
    const first = after(ringing());
    expect(first.call).toMatchObject({ state: 'incoming', incoming: { result: 'pending', receivedAt: iso(0), tenantId: home } });
    const folded = foldNotifications(first, [ringing({ tenantId: other })], at(5));
    expect(folded.outcomes.map((o) => o.result)).toEqual(['unchanged']);
    expect(isEmpty(folded.changes)).toBe(true);
  });

  it('answered, then established and ended: still answered, with what Graph said kept', () => {
    const chatInfo = { threadId: '19:meeting_x@thread.v2', messageId: '0' };
    let snap = after(ringing({ chatInfo }));
    snap = withChanges(snap, recordIncomingAction(snap, { result: 'answered' }, at(1)));
    snap = withChanges(snap, applyItem(snap, stateItem('established'), at(2)));
    snap = withChanges(snap, applyItem(snap, stateItem('terminated'), at(3)));
    expect(snap.call).toMatchObject({ state: 'terminated', incoming: { result: 'answered', decidedAt: iso(1), chatInfo } });
  });

  it('answered too late: Graph ends the call before it is established, so it was missed', () => {
    let snap = after(ringing());
    snap = withChanges(snap, recordIncomingAction(snap, { result: 'answered' }, at(1)));
    snap = withChanges(snap, applyItem(snap, stateItem('establishing'), at(2)));
    snap = withChanges(snap, applyItem(snap, stateItem('terminated'), at(3)));
    expect(snap.call?.incoming).toMatchObject({ result: 'missed', decidedAt: iso(3) });
  });

  it('an incoming notification replayed after later states still records who called, without moving the state', () => {
    const established = after(stateItem('established'));
    const changes = applyItem(established, ringing(), at(1));
    expect(changes).toEqual({ call: { ...established.call, updatedAt: iso(1), incoming: receivedIncoming(info(), iso(1)) }, invitations: [], roster: [] });
    expect(isEmpty(applyItem(after(stateItem('established')), stateItem('incoming'), at(1)))).toBe(true);
  });

  it('calls that never rang have no incoming record, and recording an action on them changes nothing', () => {
    expect(after(stateItem('established')).call?.incoming).toBeUndefined();
    expect(incomingAfter(undefined, { kind: 'callState', callId, state: 'established', resultInfo: undefined }, iso(0))).toBeUndefined();
    expect(isEmpty(recordIncomingAction(snapshot([], [], callRecord('established')), { result: 'answered' }, at(1)))).toBe(true);
    expect(isEmpty(recordIncomingAction(snapshot([]), { result: 'answered' }, at(1)))).toBe(true);
    const decided = after(ringing());
    const once = withChanges(decided, recordIncomingAction(decided, { result: 'left' }, at(1)));
    expect(isEmpty(recordIncomingAction(once, { result: 'answered' }, at(2)))).toBe(true);
    expect(recordIncomingAction(decided, { result: 'left' }, at(1))).toEqual({ call: { ...decided.call, updatedAt: iso(1), incoming: actedOn(receivedIncoming(info(), iso(0)), { result: 'left' }, iso(1)) }, invitations: [], roster: [] });
  });
});

describe('missed: the call ended before it was ever established', () => {
  const pendingRecord = (state: string | undefined) => ({ ...callRecord('x'), state, incoming: receivedIncoming(info(), iso(0)) });
  const ended = { kind: 'callState' as const, callId, state: 'terminated', resultInfo: undefined };

  it('ending while incoming or establishing is missed; after any later state it is not', () => {
    expect(incomingAfter(pendingRecord('incoming'), ended, iso(1))?.result).toBe('missed');
    expect(incomingAfter(pendingRecord('establishing'), ended, iso(1))?.result).toBe('missed');
    expect(incomingAfter(pendingRecord(undefined), ended, iso(1))?.result).toBe('missed');
    expect(incomingAfter(pendingRecord('established'), ended, iso(1))?.result).toBe('pending');
    expect(incomingAfter(pendingRecord('hold'), ended, iso(1))?.result).toBe('pending');
    expect(after(ringing(), stateItem('terminated')).call?.incoming?.result).toBe('missed');
  });
});
