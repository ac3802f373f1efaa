import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../../src/lib/domain/callEvent';
import type { Caller } from '../../../src/lib/domain/caller';
import type { Invitation } from '../../../src/lib/domain/invitation';
import { noChanges } from '../../../src/lib/domain/roster';
import { actedOn, receivedIncoming, type IncomingCall } from '../../../src/lib/domain/incomingCall';
import { ada, callId, callRecord, entry, invite, iso, snapshot } from './fixtures';

const bot: Caller = { kind: 'application', id: 'bot', tenantId: 't', appId: 'bot' };
const open = (cc: string): Invitation => ({ ...invite(cc, [ada]), status: 'running', invitedBy: bot });
const done = (inv: Invitation, status: 'completed' | 'failed' = 'completed'): Invitation => ({ ...inv, status, outcomeReason: 'operationCompleted', completedAt: iso(9), updatedAt: iso(8) });
const changes = (over: Partial<typeof noChanges>) => ({ ...noChanges, ...over });

describe('eventsOf: what a change tells subscribers', () => {
  it('an invitation reaching its outcome: invitation.finished, keyed by its clientContext, when it finished, with who invited', () => {
    const before = snapshot([open('a')]);
    const events = eventsOf(before, changes({ invitations: [done(open('a'))] }));
    expect(events).toEqual([{ type: 'invitation.finished', callId, key: 'invitation.finished|a', occurredAt: iso(9), invitedBy: bot, invitation: done(open('a')) }]);
    expect(eventsOf(before, changes({ invitations: [{ ...done(open('a'), 'failed'), completedAt: undefined }] }))[0]?.occurredAt).toBe(iso(8));
  });

  it('an invitation that was finished already, or is still open, is no event; a new finished one is', () => {
    const finished = done(open('a'));
    expect(eventsOf(snapshot([finished]), changes({ invitations: [{ ...finished, updatedAt: iso(20) }] }))).toEqual([]);
    expect(eventsOf(snapshot([open('a')]), changes({ invitations: [{ ...open('a'), operationId: 'op' }] }))).toEqual([]);
    expect(eventsOf(snapshot([]), changes({ invitations: [finished] })).map((e) => e.type)).toEqual(['invitation.finished']);
  });

  it('someone entering the call (not the lobby): participant.joined, once per participant id', () => {
    const joined = entry('p1', { identity: ada, joinedAt: iso(3), sequence: 4 });
    expect(eventsOf(snapshot([]), changes({ roster: [joined] }))).toEqual([
      { type: 'participant.joined', callId, key: 'participant.joined|p1', occurredAt: iso(3), invitedBy: undefined, participant: joined },
    ]);
    const noJoinTime = entry('p1', { joinedAt: undefined, updatedAt: iso(5) });
    expect(eventsOf(snapshot([]), changes({ roster: [noJoinTime] }))[0]).toMatchObject({ key: 'participant.joined|p1', occurredAt: iso(5) });
    // Back after an absence that was only inferred: the same participant, no second event.
    const inferredGone = { ...joined, present: false, removalReason: 'notInRoster', wasInCall: true };
    expect(eventsOf(snapshot([], [inferredGone]), changes({ roster: [joined] }))).toEqual([]);
    // Admitted from the lobby: joined then.
    const lobby = entry('p1', { isInLobby: true });
    expect(eventsOf(snapshot([], [lobby]), changes({ roster: [{ ...lobby, isInLobby: false }] })).map((e) => e.type)).toEqual(['participant.joined']);
    expect(eventsOf(snapshot([]), changes({ roster: [lobby] }))).toEqual([]);
  });

  it('someone leaving the call for certain: participant.left, when they left; one still in the call is no event', () => {
    const present = entry('p1', { sequence: 2 });
    const gone = { ...present, present: false, leftAt: iso(6), removalReason: 'removed', wasInCall: true };
    expect(eventsOf(snapshot([], [present]), changes({ roster: [gone] }))).toEqual([
      { type: 'participant.left', callId, key: 'participant.left|p1', occurredAt: iso(6), invitedBy: undefined, participant: gone },
    ]);
    expect(eventsOf(snapshot([], [present]), changes({ roster: [{ ...present, isMuted: true }] }))).toEqual([]);
    expect(eventsOf(snapshot([], [gone]), changes({ roster: [{ ...gone, updatedAt: iso(9) }] }))).toEqual([]);
    const noLeaveTime = { ...gone, leftAt: undefined, updatedAt: iso(7) };
    expect(eventsOf(snapshot([], [present]), changes({ roster: [noLeaveTime] }))[0]).toMatchObject({ occurredAt: iso(7) });
  });

  it("an absence alone is announced only once settled (Graph's participant list, or the call's end)", () => {
    const present = entry('p1', { sequence: 2 });
    const absent = { ...present, present: false, leftAt: iso(6), removalReason: 'notInRoster', wasInCall: true };
    expect(eventsOf(snapshot([], [present]), changes({ roster: [absent] }))).toEqual([]);
    const settled = { ...absent, settled: true };
    expect(eventsOf(snapshot([], [absent]), changes({ roster: [settled] }))).toEqual([
      { type: 'participant.left', callId, key: 'participant.left|p1', occurredAt: iso(6), invitedBy: undefined, participant: settled },
    ]);
    expect(eventsOf(snapshot([], [settled]), changes({ roster: [{ ...settled, updatedAt: iso(9) }] }))).toEqual([]);
  });

  it('first news of someone already gone (out of order): joined and left together; never in the call (the lobby): nothing', () => {
    const goneUnseen = entry('p1', { present: false, joinedAt: undefined, leftAt: iso(2), removalReason: 'removed', wasInCall: false });
    expect(eventsOf(snapshot([]), changes({ roster: [goneUnseen] }))).toEqual([]);
    const seen = { ...goneUnseen, wasInCall: true, updatedAt: iso(4) };
    expect(eventsOf(snapshot([], [goneUnseen]), changes({ roster: [seen] })).map((e) => [e.type, e.occurredAt])).toEqual([
      ['participant.joined', iso(4)],
      ['participant.left', iso(2)],
    ]);
    const lobbyGone = entry('p2', { present: false, isInLobby: true, removalReason: 'removed' });
    expect(eventsOf(snapshot([], [entry('p2', { isInLobby: true })]), changes({ roster: [lobbyGone] }))).toEqual([]);
  });

  it('the call ending: call.ended once, when it ended', () => {
    const ended = { ...callRecord('terminated', 7), terminatedAt: iso(7) };
    expect(eventsOf(snapshot([], [], callRecord('established')), changes({ call: ended }))).toEqual([
      { type: 'call.ended', callId, key: 'call.ended', occurredAt: iso(7), invitedBy: undefined, call: ended },
    ]);
    expect(eventsOf(snapshot([], [], callRecord('established')), changes({ call: { ...ended, terminatedAt: undefined, updatedAt: iso(8) } }))[0]?.occurredAt).toBe(iso(8));
    expect(eventsOf(snapshot([], [], ended), changes({ call: { ...ended, updatedAt: iso(9) } }))).toEqual([]);
    expect(eventsOf(snapshot([]), changes({ call: callRecord('established') }))).toEqual([]);
    // Its first news the end: still an end.
    expect(eventsOf(snapshot([]), changes({ call: ended })).map((e) => e.type)).toEqual(['call.ended']);
  });

  it('lists invitations, then participants, then the call', () => {
    const all = eventsOf(snapshot([open('a')], [], callRecord('established')), changes({ invitations: [done(open('a'))], roster: [entry('p1')], call: callRecord('terminated') }));
    expect(all.map((e) => e.type)).toEqual(['invitation.finished', 'participant.joined', 'call.ended']);
  });
});

describe('eventsOf: someone called the bot (call.incoming)', () => {
  const pending = receivedIncoming({ caller: ada, tenantId: 't', chatInfo: undefined, meetingInfo: undefined }, iso(1));
  const withIncoming = (incoming: IncomingCall) => ({ ...callRecord('incoming'), incoming });

  it('once, when what the bot did is known, at that time', () => {
    const answered = actedOn(pending, { result: 'answered' }, iso(2));
    const before = snapshot([], [], withIncoming(pending));
    expect(eventsOf(before, changes({ call: withIncoming(answered) }))).toEqual([{ type: 'call.incoming', callId, key: 'call.incoming', occurredAt: iso(2), invitedBy: undefined, incoming: answered }]);
    expect(eventsOf(snapshot([]), changes({ call: withIncoming(pending) }))).toEqual([]);
    const missed = { ...answered, result: 'missed' as const, decidedAt: iso(5) };
    expect(eventsOf(snapshot([], [], withIncoming(answered)), changes({ call: withIncoming(missed) }))).toEqual([]);
    expect(eventsOf(snapshot([]), changes({ call: withIncoming({ ...answered, decidedAt: undefined }) }))[0]?.occurredAt).toBe(iso(1));
  });
});
