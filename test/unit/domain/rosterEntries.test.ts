import { describe, expect, it } from 'vitest';
import { applyRoster, closeRoster, notInRoster } from '../../../src/lib/domain/applyRoster';
import { overlayRoster, type RosterEntry } from '../../../src/lib/domain/roster';
import { ada, bob, entry, incoming, iso, at } from './fixtures';

/** The roster after applying `participants` as a delta at second `s`. */
const delta = (stored: RosterEntry[], s: number, ...participants: ReturnType<typeof incoming>[]) =>
  applyRoster(stored, { mode: 'delta', participants }, at(s));

describe('roster entries: what one update does to one participant', () => {
  it('a newcomer joins now; a later update keeps their joinedAt, identity and endpoint', () => {
    const [joined] = delta([], 5, incoming('p1', { identity: ada, endpointType: 'default', sequence: 1 }));
    expect(joined).toMatchObject({ present: true, joinedAt: iso(5), leftAt: undefined, identity: ada, identityKey: `user:${ada.id}`, endpointType: 'default', updatedAt: iso(5) });
    const [muted] = delta([joined!], 9, incoming('p1', { isMuted: true, sequence: 2 }));
    expect(muted).toMatchObject({ present: true, joinedAt: iso(5), identity: ada, identityKey: `user:${ada.id}`, endpointType: 'default', isMuted: true, sequence: 2 });
  });

  it('someone first seen already removed left then; a second removal keeps the first leftAt', () => {
    const [gone] = delta([], 3, incoming('p1', { removedReason: 'removed', sequence: 1 }));
    expect(gone).toMatchObject({ present: false, joinedAt: undefined, leftAt: iso(3), removalReason: 'removed' });
    const [again] = delta([gone!], 8, incoming('p1', { removedReason: 'kicked', sequence: 2 }));
    expect(again).toMatchObject({ present: false, leftAt: iso(3), removalReason: 'kicked', sequence: 2 });
  });

  it('leaving and coming back gives a new joinedAt and clears leftAt', () => {
    const stored = [entry('p1', { identity: ada, present: false, joinedAt: iso(0), leftAt: iso(4), removalReason: 'removed', sequence: 2 })];
    expect(delta(stored, 9, incoming('p1', { sequence: 3 }))).toEqual([expect.objectContaining({ present: true, joinedAt: iso(9), leftAt: undefined, removalReason: undefined })]);
  });

  it('an update at the stored number applies only to a departure that was inferred', () => {
    const present = [entry('p1', { sequence: 5, isMuted: false })];
    expect(delta(present, 1, incoming('p1', { sequence: 5, isMuted: true }))).toEqual([]);
    const removed = [entry('p1', { present: false, removalReason: 'removed', sequence: 5, wasInCall: true })];
    expect(delta(removed, 1, incoming('p1', { sequence: 5 }))).toEqual([]);
    // Only the fact that they were in the call is learned from it.
    const removedUnseen = [entry('p1', { present: false, removalReason: 'removed', sequence: 5 })];
    expect(delta(removedUnseen, 1, incoming('p1', { sequence: 5 }))).toEqual([{ ...removedUnseen[0], wasInCall: true, updatedAt: iso(1) }]);
    const inferred = [entry('p1', { present: false, removalReason: notInRoster, sequence: 5, wasInCall: true })];
    expect(delta(inferred, 1, incoming('p1', { sequence: 5 }))).toEqual([expect.objectContaining({ present: true })]);
    expect(delta(inferred, 1, incoming('p1', { sequence: 4 }))).toEqual([]);
  });

  it('a removal below the stored number is older and ignored', () => {
    expect(delta([entry('p1', { sequence: 5 })], 1, incoming('p1', { removedReason: 'removed', sequence: 4 }))).toEqual([]);
  });

  it('a numbered update applies over an entry stored without a number (legacy first)', () => {
    expect(delta([entry('p1', { isMuted: false })], 1, incoming('p1', { isMuted: true, sequence: 1 }))).toEqual([expect.objectContaining({ isMuted: true, sequence: 1 })]);
  });

  it('a higher number alone is recorded, so older updates stay out', () => {
    expect(delta([entry('p1', { sequence: 1, isMuted: false })], 1, incoming('p1', { sequence: 6, isMuted: false }))).toEqual([expect.objectContaining({ sequence: 6 })]);
  });

  it('a repeated update writes nothing; any one changed field is a change', () => {
    const stored = entry('p1', { identity: ada, endpointType: 'default', isMuted: false, isInLobby: false });
    const same = incoming('p1', { identity: ada, endpointType: 'default', isMuted: false, isInLobby: false });
    expect(delta([stored], 1, same)).toEqual([]);
    const variants: Partial<ReturnType<typeof incoming>>[] = [
      { isMuted: true },
      { isInLobby: true },
      { identity: bob },
      { identity: { ...bob, displayName: 'Ada' } },
      { identity: { ...ada, displayName: 'Ada L.' } },
      { endpointType: 'skypeForBusiness' },
      { removedReason: 'removed' },
    ];
    for (const change of variants) expect(delta([stored], 1, { ...same, ...change }), JSON.stringify(change)).toHaveLength(1);
    const left = entry('p1', { present: false, removalReason: 'removed', leftAt: iso(0) });
    expect(delta([left], 1, incoming('p1', { removedReason: 'removed' }))).toEqual([]);
    expect(delta([left], 1, incoming('p1', { removedReason: 'kicked' }))).toEqual([expect.objectContaining({ removalReason: 'kicked' })]);
  });

  it('a delta listing one participant below their number still applies to the others', () => {
    const stored = [entry('p1', { sequence: 5 }), entry('p2', { sequence: 1 })];
    const changed = delta(stored, 2, incoming('p1', { sequence: 4, isMuted: true }), incoming('p2', { sequence: 2, isMuted: true }));
    expect(changed).toEqual([expect.objectContaining({ participantId: 'p2', isMuted: true })]);
  });

  it('a full roster sends whoever it lacks away, and only them', () => {
    const stored = [entry('p1', { sequence: 1 }), entry('p2', { sequence: 1 }), entry('p3', { present: false, removalReason: 'removed', leftAt: iso(0) })];
    const changed = applyRoster(stored, { mode: 'full', participants: [incoming('p1', { sequence: 1 })] }, at(7));
    expect(changed).toEqual([expect.objectContaining({ participantId: 'p2', present: false, leftAt: iso(7), removalReason: notInRoster, updatedAt: iso(7) })]);
  });
});

describe('closing the roster', () => {
  it('only those present leave; earlier departures keep their time and reason', () => {
    const stored = [entry('p1'), entry('p2', { present: false, leftAt: iso(1), removalReason: 'removed' })];
    expect(closeRoster(stored, at(9))).toEqual([{ ...stored[0], present: false, leftAt: iso(9), removalReason: 'callEnded', updatedAt: iso(9) }]);
  });

  it('settles departures inferred from absence (the call is over), keeping their time and reason', () => {
    const inferred = entry('p1', { present: false, leftAt: iso(1), removalReason: notInRoster });
    const settled = entry('p2', { present: false, leftAt: iso(1), removalReason: notInRoster, settled: true });
    expect(closeRoster([inferred, settled], at(9))).toEqual([{ ...inferred, settled: true, updatedAt: iso(9) }]);
  });

  it('overlaying keeps every participant, with the changed version of each', () => {
    const stored = [entry('p1'), entry('p2')];
    const merged = overlayRoster(stored, [entry('p2', { isMuted: true }), entry('p3')]);
    expect(merged.map((e) => [e.participantId, e.isMuted])).toEqual([['p1', false], ['p2', true], ['p3', false]]);
  });
});
