import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../../src/lib/domain/invitation';
import { admitEvents, maxTimelineEvents, type TimelineEvent } from '../../../src/lib/domain/timeline';
import { invitationEvents, participantEvents, timelineEvents } from '../../../src/lib/domain/timelineEvents';
import { ada, bob, callRecord, entry, invite, iso, snapshot } from './fixtures';

const sending = { state: 'sending' as const, attempts: 1, leaseUntil: iso(40), participants: '[]' };
const claimed = (inv: Invitation): Invitation => ({ ...inv, sending });
const finished = (inv: Invitation, status: 'completed' | 'failed', reason: Invitation['outcomeReason'], s: number, code?: number, subcode?: number): Invitation => ({
  ...inv,
  status,
  outcomeReason: reason,
  completedAt: iso(s),
  updatedAt: iso(s),
  resultInfo: code === undefined ? undefined : { code, subcode, message: 'm' },
});

describe('invitationEvents', () => {
  const inv = invite('cc', [ada], 10);

  it('sent: the attempt that owned the row is settled (Graph answered or may have it)', () => {
    const accepted = { ...inv, status: 'running' as const, operationId: 'op-1', updatedAt: iso(12) };
    expect(invitationEvents(claimed(inv), accepted)).toEqual([{ kind: 'invitationSent', at: iso(12), clientContext: 'cc', invitees: 1, operationId: 'op-1' }]);
    // Graph's answer lost: still sent, without an operation id.
    expect(invitationEvents(claimed(inv), { ...inv, updatedAt: iso(13) })).toEqual([{ kind: 'invitationSent', at: iso(13), clientContext: 'cc', invitees: 1, operationId: undefined }]);
  });

  it('not sent: a claim, a release, a row never claimed, an unchanged row, a refusal', () => {
    expect(invitationEvents(inv, claimed(inv))).toEqual([]);
    expect(invitationEvents(claimed(inv), { ...inv, sending: { ...sending, state: 'unsent', leaseUntil: undefined } })).toEqual([]);
    expect(invitationEvents(undefined, inv)).toEqual([]);
    expect(invitationEvents(inv, inv)).toEqual([]);
    const refused = finished(inv, 'failed', 'graphRejected', 11, 403);
    expect(invitationEvents(claimed(inv), refused)).toEqual([
      { kind: 'invitationOutcome', at: iso(11), clientContext: 'cc', status: 'failed', reason: 'graphRejected', code: 403, subcode: undefined, seconds: 1 },
    ]);
  });

  it('outcome: once, when the invitation becomes terminal, timed from its request', () => {
    const running = { ...inv, status: 'running' as const };
    const done = finished(running, 'completed', 'operationCompleted', 25, 200, 0);
    expect(invitationEvents(running, done)).toEqual([
      { kind: 'invitationOutcome', at: iso(25), clientContext: 'cc', status: 'completed', reason: 'operationCompleted', code: 200, subcode: 0, seconds: 15 },
    ]);
    // A terminal invitation that changes again (its invitee left) adds no second outcome.
    expect(invitationEvents(done, { ...done, updatedAt: iso(90) })).toEqual([]);
    // Seen for the first time already terminal (a notification that beat the write): an outcome.
    expect(invitationEvents(undefined, done)).toHaveLength(1);
  });

  it('outcome without completedAt is at the update; never before the request', () => {
    const odd = { ...finished(inv, 'failed', 'timeout', 5), completedAt: undefined };
    expect(invitationEvents(inv, odd)).toEqual([
      { kind: 'invitationOutcome', at: iso(5), clientContext: 'cc', status: 'failed', reason: 'timeout', code: undefined, subcode: undefined, seconds: 0 },
    ]);
  });
});

describe('participantEvents', () => {
  it('joined: into the call from nowhere or from the lobby (when admitted), with the invitation that brought them', () => {
    const joined = entry('p1', { joinedAt: iso(6), updatedAt: iso(6), invitationClientContext: 'cc' });
    expect(participantEvents(undefined, joined)).toEqual([{ kind: 'joined', at: iso(6), participantId: 'p1', clientContext: 'cc' }]);
    const waiting = entry('p1', { isInLobby: true, joinedAt: iso(3), updatedAt: iso(3) });
    expect(participantEvents(undefined, waiting)).toEqual([{ kind: 'lobby', at: iso(3), participantId: 'p1' }]);
    // Admitted at 9: joinedAt still says when they arrived in the lobby.
    expect(participantEvents(waiting, { ...joined, joinedAt: iso(3), updatedAt: iso(9) })).toEqual([{ kind: 'joined', at: iso(9), participantId: 'p1', clientContext: 'cc' }]);
    expect(participantEvents(waiting, { ...waiting, updatedAt: iso(4) })).toEqual([]);
    expect(participantEvents(joined, { ...joined, updatedAt: iso(9) })).toEqual([]);
  });

  it('muted and unmuted while present; joining muted says so; leaving muted does not', () => {
    const p = entry('p1', { updatedAt: iso(1) });
    expect(participantEvents(p, { ...p, isMuted: true, updatedAt: iso(2) })).toEqual([{ kind: 'muted', at: iso(2), participantId: 'p1', muted: true }]);
    expect(participantEvents({ ...p, isMuted: true }, { ...p, isMuted: false, updatedAt: iso(3) })).toEqual([{ kind: 'muted', at: iso(3), participantId: 'p1', muted: false }]);
    expect(participantEvents({ ...p, isMuted: true }, { ...p, isMuted: undefined, updatedAt: iso(3) })).toEqual([{ kind: 'muted', at: iso(3), participantId: 'p1', muted: false }]);
    expect(participantEvents(undefined, { ...p, isMuted: true }).map((e) => e.kind)).toEqual(['joined', 'muted']);
    const left = { ...p, isMuted: true, present: false, leftAt: iso(7), removalReason: 'notInRoster' };
    expect(participantEvents({ ...p, isMuted: true }, left)).toEqual([{ kind: 'left', at: iso(7), participantId: 'p1', reason: 'notInRoster' }]);
    // Muted in the lobby counts too.
    const lobby = entry('p2', { isInLobby: true, isMuted: true, updatedAt: iso(4) });
    expect(participantEvents(undefined, lobby).map((e) => e.kind)).toEqual(['lobby', 'muted']);
  });

  it('left: only someone present leaves; a departure without leftAt is at the update', () => {
    const p = entry('p1');
    expect(participantEvents(p, { ...p, present: false, leftAt: undefined, updatedAt: iso(8) })).toEqual([{ kind: 'left', at: iso(8), participantId: 'p1', reason: undefined }]);
    const gone = { ...p, present: false, leftAt: iso(8) };
    expect(participantEvents(gone, { ...gone, updatedAt: iso(9) })).toEqual([]);
    expect(participantEvents(undefined, gone)).toEqual([]);
    // Leaving from the lobby is leaving.
    const waiting = entry('p3', { isInLobby: true });
    expect(participantEvents(waiting, { ...waiting, present: false, leftAt: iso(2) }).map((e) => e.kind)).toEqual(['left']);
  });
});

describe('timelineEvents over a change set', () => {
  it('lists invitations, then the roster, then the call state, each compared with what was stored', () => {
    const inv = { ...invite('cc', [ada], 0), status: 'running' as const };
    const before = snapshot([inv], [entry('p1', { identity: bob })], callRecord('establishing', 0));
    const changes = {
      call: { ...callRecord('terminated', 30), resultInfo: { code: 200, subcode: 5001, message: 'ended' } },
      invitations: [finished(inv, 'failed', 'callEnded', 30)],
      roster: [entry('p1', { identity: bob, present: false, leftAt: iso(30) }), entry('p2', { joinedAt: iso(29), updatedAt: iso(29) })],
    };
    expect(timelineEvents(before, changes).map((e) => [e.kind, 'participantId' in e ? e.participantId : '', e.at])).toEqual([
      ['invitationOutcome', '', iso(30)],
      ['left', 'p1', iso(30)],
      ['joined', 'p2', iso(29)],
      ['callState', '', iso(30)],
    ]);
    expect(timelineEvents(before, changes).at(-1)).toEqual({ kind: 'callState', at: iso(30), state: 'terminated', code: 200, subcode: 5001 });
  });

  it('finds each changed invitation as it was stored: a terminal one changing again adds nothing', () => {
    const done = finished(invite('cc', [ada], 0), 'completed', 'joined', 5);
    expect(timelineEvents(snapshot([done]), { call: undefined, invitations: [{ ...done, updatedAt: iso(9) }], roster: [] })).toEqual([]);
    expect(timelineEvents(snapshot([]), { call: undefined, invitations: [done], roster: [] }).map((e) => e.kind)).toEqual(['invitationOutcome']);
  });

  it('records a call state only when it changes', () => {
    const before = snapshot([], [], callRecord('established', 0));
    expect(timelineEvents(before, { call: callRecord('established', 5), invitations: [], roster: [] })).toEqual([]);
    expect(timelineEvents(snapshot([]), { call: callRecord('established', 5), invitations: [], roster: [] })).toEqual([
      { kind: 'callState', at: iso(5), state: 'established', code: undefined, subcode: undefined },
    ]);
    expect(timelineEvents(before, { call: { ...callRecord('x', 5), state: undefined }, invitations: [], roster: [] })).toEqual([]);
    expect(timelineEvents(before, { call: undefined, invitations: [], roster: [] })).toEqual([]);
  });
});

describe('admitEvents: the bound per call', () => {
  const events: TimelineEvent[] = [0, 1, 2].map((s) => ({ kind: 'lobby', at: iso(s), participantId: `p${s}` }));

  it('keeps everything while there is room, the first ones when there is some, none past the bound', () => {
    expect(admitEvents(0, events)).toEqual({ kept: events, dropped: 0 });
    expect(admitEvents(maxTimelineEvents - 3, events)).toEqual({ kept: events, dropped: 0 });
    expect(admitEvents(maxTimelineEvents - 2, events)).toEqual({ kept: events.slice(0, 2), dropped: 1 });
    expect(admitEvents(maxTimelineEvents, events)).toEqual({ kept: [], dropped: 3 });
    expect(admitEvents(maxTimelineEvents + 5, events)).toEqual({ kept: [], dropped: 3 });
    expect(maxTimelineEvents).toBe(2000);
  });
});
