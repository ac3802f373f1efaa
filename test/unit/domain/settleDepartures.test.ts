import { describe, expect, it } from 'vitest';
import { eventsOf } from '../../../src/lib/domain/callEvent';
import { settleDepartures, unsettledDepartures } from '../../../src/lib/domain/settleDepartures';
import { ada, at, bob, callRecord, entry, incoming, invite, iso, snapshot } from './fixtures';

const absent = (id: string, over = {}) => entry(id, { present: false, removalReason: 'notInRoster', leftAt: iso(1), sequence: 3, wasInCall: true, ...over });

describe('settling departures known only from absence', () => {
  it('lists only departures inferred from absence and not yet settled', () => {
    const roster = [absent('pa'), absent('pb', { settled: true }), entry('pc'), absent('pd', { removalReason: 'removed' })];
    expect(unsettledDepartures(roster)).toEqual(['pa']);
  });

  it("one Graph's list lacks has left for certain: participant.left, and their invitee shows left", () => {
    const inv = { ...invite('c', [ada]), status: 'running' as const };
    const before = snapshot([inv], [absent('pa', { identity: ada, invitationClientContext: 'c' }), entry('pb', { identity: bob })]);
    const changes = settleDepartures(before, ['pa'], [incoming('pb', { identity: bob, sequence: 2 })], at(9));
    expect(changes.roster).toEqual([{ ...before.roster[0], settled: true, updatedAt: iso(9) }]);
    expect(changes.invitations[0]?.invitees[0]).toMatchObject({ state: 'left', participantId: 'pa' });
    expect(eventsOf(before, changes).map((e) => [e.type, e.key])).toEqual([['invitation.finished', 'invitation.finished|c'], ['participant.left', 'participant.left|pa']]);
  });

  it('one the list shows in the call is back (the absence was a stale roster), and no event says they left', () => {
    const before = snapshot([], [absent('pa', { identity: ada })]);
    const changes = settleDepartures(before, ['pa'], [incoming('pa', { identity: ada, sequence: 3 })], at(9));
    expect(changes.roster).toEqual([expect.objectContaining({ participantId: 'pa', present: true, removalReason: undefined, settled: undefined })]);
    expect(eventsOf(before, changes)).toEqual([]);
  });

  it('judges only departures unsettled when the list was asked for, and still unsettled now', () => {
    const before = snapshot([], [absent('pa'), absent('pb'), entry('pc'), absent('pd', { settled: true })]);
    // pb became unsettled after the list was asked for; pc and pd are not unsettled; pz is unknown.
    const changes = settleDepartures(before, ['pa', 'pc', 'pd', 'pz'], [], at(9));
    expect(changes.roster.map((e) => [e.participantId, e.settled])).toEqual([['pa', true]]);
    expect(settleDepartures(before, [], [incoming('pb', { sequence: 9 })], at(9)).roster).toEqual([]);
  });

  it('after the call ended, or with nothing to judge, changes nothing', () => {
    const ended = snapshot([], [absent('pa')], callRecord('terminated'));
    expect(settleDepartures(ended, ['pa'], [], at(9))).toEqual({ call: undefined, invitations: [], roster: [] });
    expect(settleDepartures(snapshot([], [absent('pa')], callRecord('established')), [], [], at(9)).roster).toEqual([]);
  });
});
