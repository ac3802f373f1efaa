import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRoster, closeRoster } from '../../../src/lib/domain/applyRoster';
import { classifyItem } from '../../../src/lib/graph/notificationItem';
import type { RosterEntry } from '../../../src/lib/domain/roster';
import { SimulatedCall, type NotificationItem } from '../../../dev/simulator/simulatedCall';

const now = new Date('2026-01-01T00:00:00Z');

function apply(stored: RosterEntry[], raw: NotificationItem): RosterEntry[] {
  const item = classifyItem(raw);
  if (item.kind !== 'roster') throw new Error(`not a roster: ${item.kind}`);
  const changed = applyRoster(stored, item, now);
  const byId = new Map(stored.map((e) => [e.participantId, e]));
  for (const c of changed) byId.set(c.participantId, c);
  return [...byId.values()];
}

/** What must agree however deliveries were ordered: everything but wall-clock times. */
function comparable(roster: RosterEntry[]) {
  return roster
    .map((e) => ({ id: e.participantId, present: e.present, muted: e.isMuted, seq: e.sequence, reason: e.removalReason, key: e.identityKey }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('applyRoster', () => {
  it('adds, updates and removes by removedState; repeated deliveries change nothing', () => {
    const call = new SimulatedCall('c1', 'http://unused', 'bot');
    const ada = call.add({ user: { id: 'ada', displayName: 'Ada' } });
    let roster = apply([], call.roster({ legacy: false }));
    expect(roster.filter((e) => e.present)).toHaveLength(2);
    call.mute(ada.id, true);
    const muted = call.roster({ legacy: false });
    roster = apply(roster, muted);
    expect(roster.find((e) => e.participantId === ada.id)).toMatchObject({ isMuted: true, sequence: ada.sequence });
    expect(applyRoster(roster, classifyItem(muted) as never, now)).toEqual([]);
    call.leave(ada.id);
    roster = apply(roster, call.roster({ legacy: false }));
    expect(roster.find((e) => e.participantId === ada.id)).toMatchObject({ present: false, removalReason: 'left' });
  });

  it('absence from a full roster means left only when that roster is not older than the participant', () => {
    const stored: RosterEntry[] = apply([], {
      changeType: 'updated',
      resourceUrl: '/communications/calls/c1/participants',
      resourceData: [
        { id: 'bot', info: { identity: { application: { id: 'bot' } } }, rosterSequenceNumber: 1 },
        { id: 'ada', info: { identity: { user: { id: 'ada' } } }, rosterSequenceNumber: 5 },
      ],
    });
    const older = { changeType: 'updated', resourceUrl: '/communications/calls/c1/participants', resourceData: [{ id: 'bot', rosterSequenceNumber: 1 }] };
    expect(apply(stored, older).find((e) => e.participantId === 'ada')?.present).toBe(true);
    const newer = { ...older, resourceData: [{ id: 'bot', rosterSequenceNumber: 1 }, { id: 'bob', rosterSequenceNumber: 6 }] };
    expect(apply(stored, newer).find((e) => e.participantId === 'ada')).toMatchObject({ present: false, removalReason: 'notInRoster' });
  });

  it('without sequence numbers, arrival order decides', () => {
    const url = '/communications/calls/c1/participants';
    const stored = apply([], { changeType: 'updated', resourceUrl: url, resourceData: [{ id: 'a' }, { id: 'b' }] });
    expect(apply(stored, { changeType: 'updated', resourceUrl: url, resourceData: [{ id: 'a' }] }).find((e) => e.participantId === 'b')?.present).toBe(false);
  });

  it('closing the roster sends everyone present away with callEnded', () => {
    const call = new SimulatedCall('c1', 'http://unused', 'bot');
    call.add({ phone: { id: '+14255550100' } });
    const closed = closeRoster(apply([], call.roster({ legacy: false })), now);
    expect(closed.map((e) => [e.present, e.removalReason])).toEqual([[false, 'callEnded'], [false, 'callEnded']]);
  });

  it('out-of-order and repeated deliveries end where in-order delivery ends', () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant('join' as const), n: fc.nat(1000) }),
      fc.record({ kind: fc.constant('leave' as const), n: fc.nat(1000) }),
      fc.record({ kind: fc.constant('mute' as const), n: fc.nat(1000), muted: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 25 }), fc.nat(), fc.boolean(), (actions, seed, legacy) => {
        const call = new SimulatedCall('491f0b00-ffff-4bc9-a43e-b226498ec22a', 'http://unused', 'bot');
        const deliveries: NotificationItem[] = [call.roster({ legacy })];
        for (const a of actions) {
          const present = [...call.participants.values()].filter((p) => p.present);
          const target = present[a.n % Math.max(1, present.length)];
          if (a.kind === 'join') call.add({ user: { id: `u${a.n}` } });
          else if (a.kind === 'leave' && target) call.leave(target.id);
          else if (a.kind === 'mute' && target) call.mute(target.id, a.kind === 'mute' && a.muted);
          deliveries.push(call.roster({ legacy }));
        }
        const inOrder = deliveries.reduce(apply, [] as RosterEntry[]);
        const shuffled = fc.sample(fc.shuffledSubarray([...deliveries, ...deliveries], { minLength: deliveries.length * 2 }), { seed, numRuns: 1 })[0] ?? [];
        const anyOrder = shuffled.reduce(apply, [] as RosterEntry[]);
        expect(comparable(anyOrder)).toEqual(comparable(inOrder));
      }),
      { numRuns: 300 },
    );
  });
});
