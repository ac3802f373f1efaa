import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRoster, closeRoster } from '../../../src/lib/domain/applyRoster';
import { classifyItem } from '../../../src/lib/graph/notificationItem';
import type { RosterEntry } from '../../../src/lib/domain/roster';
import { SimulatedCall, type Departures, type NotificationItem } from '../../../dev/simulator/simulatedCall';

const now = new Date('2026-01-01T00:00:00Z');
const url = '/communications/calls/c1/participants';

function apply(stored: RosterEntry[], raw: NotificationItem): RosterEntry[] {
  const item = classifyItem(raw);
  if (item.kind !== 'roster') return stored;
  const byId = new Map(stored.map((e) => [e.participantId, e]));
  for (const c of applyRoster(stored, item, now)) byId.set(c.participantId, c);
  return [...byId.values()];
}

const full = (...participants: object[]) => ({ changeType: 'updated', resourceUrl: url, resourceData: participants });
const p = (id: string, sequence: number, extra: object = {}) => ({ id, info: { identity: { user: { id } } }, rosterSequenceNumber: sequence, ...extra });
const presentIds = (roster: RosterEntry[]) => roster.filter((e) => e.present).map((e) => e.participantId).sort();

describe('applyRoster: Graph numbers participants, not rosters', () => {
  const start = apply([], full(p('bot', 1), p('ada', 5), p('bob', 3)));

  it('someone missing from the next full roster has left, although the others keep lower numbers', () => {
    const after = apply(start, full(p('bot', 1), p('bob', 3)));
    expect(presentIds(after)).toEqual(['bob', 'bot']);
    expect(after.find((e) => e.participantId === 'ada')).toMatchObject({ present: false, removalReason: 'notInRoster' });
  });

  it('an empty roster, or one with only the bot, is a real roster (a meeting ending: comms-samples #77)', () => {
    expect(presentIds(apply(start, full()))).toEqual([]);
    expect(presentIds(apply(start, full(p('bot', 1))))).toEqual(['bot']);
  });

  it('a roster that lists someone below their stored number is older and changes nothing at all', () => {
    const muted = apply(start, full(p('bot', 1), p('ada', 7, { isMuted: true }), p('bob', 3)));
    const stale = full(p('bot', 1), p('ada', 5));
    expect(applyRoster(muted, classifyItem(stale) as never, now)).toEqual([]);
  });

  it('a stale roster still tells who someone is, that they were in the call, and its removals at their numbers', () => {
    // Bob's deleted item (at 9) came first: an entry with no identity.
    const deletedFirst = apply(start, { changeType: 'deleted', resourceUrl: `${url}/cy`, resourceData: { rosterSequenceNumber: 9 } });
    const muted = apply(deletedFirst, full(p('bot', 1), p('ada', 7, { isMuted: true }), p('bob', 3)));
    // Older (ada below 7): lists Cy in the call, Bob muted at a higher number, Dee (never seen), Eve removed.
    const stale = apply(muted, full(p('bot', 1), p('ada', 5), p('bob', 4, { isMuted: true }), p('cy', 8), p('dee', 6), p('eve', 6, { removedState: { reason: 'kicked' } })));
    const byId = (id: string) => stale.find((e) => e.participantId === id);
    expect(byId('cy')).toMatchObject({ present: false, removalReason: 'removed', sequence: 9, identityKey: 'user:cy', wasInCall: true });
    expect(byId('bob')).toMatchObject({ present: true, isMuted: undefined, sequence: 3, wasInCall: true });
    expect(byId('dee')).toMatchObject({ present: false, removalReason: 'notInRoster', sequence: 6, identityKey: 'user:dee', wasInCall: true });
    expect(byId('eve')).toMatchObject({ present: false, removalReason: 'kicked', sequence: 6 });
    expect(presentIds(stale)).toEqual(['ada', 'bob', 'bot']);
    // Someone a stale roster lists only in the lobby was never in the call.
    const lobby = apply(muted, full(p('ada', 5), p('fay', 6, { isInLobby: true })));
    expect(lobby.find((e) => e.participantId === 'fay')).toMatchObject({ present: false, wasInCall: false });
  });

  it('someone whose departure was only inferred comes back when a roster lists them again at their number', () => {
    const left = apply(start, full(p('bot', 1), p('bob', 3)));
    expect(presentIds(apply(left, full(p('bot', 1), p('ada', 5), p('bob', 3))))).toEqual(['ada', 'bob', 'bot']);
  });

  it('removedState and deleted items mean left at their number, also when it equals the stored one', () => {
    const removed = apply(start, full(p('bot', 1), p('ada', 5, { removedState: { reason: 'kicked' } }), p('bob', 3)));
    expect(removed.find((e) => e.participantId === 'ada')).toMatchObject({ present: false, removalReason: 'kicked', sequence: 5 });
    const deleted = apply(start, { changeType: 'deleted', resourceUrl: `${url}/bob`, resourceData: { rosterSequenceNumber: 3 } });
    expect(deleted.find((e) => e.participantId === 'bob')).toMatchObject({ present: false, removalReason: 'removed' });
    const noData = apply(start, { changeType: 'deleted', resourceUrl: `${url}/ada` });
    expect(presentIds(noData)).toEqual(['bob', 'bot']);
  });

  it('a delta roster changes only whom it lists, ordered by deltaParticipants.sequenceNumber', () => {
    const delta = (sequenceNumber: number, ...participants: object[]) => ({
      changeType: 'updated',
      resourceUrl: url,
      resourceData: [{ '@odata.type': '#microsoft.graph.deltaParticipants', sequenceNumber, participants }],
    });
    const joined = apply(start, delta(8, { id: 'cy', info: { identity: { user: { id: 'cy' } } } }));
    expect(presentIds(joined)).toEqual(['ada', 'bob', 'bot', 'cy']);
    const gone = apply(joined, delta(9, { id: 'cy', removedState: { reason: 'Removed from roster' } }));
    expect(presentIds(gone)).toEqual(['ada', 'bob', 'bot']);
    expect(presentIds(apply(gone, delta(8, { id: 'cy' })))).toEqual(['ada', 'bob', 'bot']);
  });

  it('without sequence numbers, arrival order decides', () => {
    const stored = apply([], full({ id: 'a' }, { id: 'b' }));
    expect(presentIds(apply(stored, full({ id: 'a' })))).toEqual(['a']);
  });

  it('closing the roster sends everyone present away with callEnded', () => {
    const closed = closeRoster(start, now);
    expect(closed.map((e) => [e.present, e.removalReason])).toEqual([[false, 'callEnded'], [false, 'callEnded'], [false, 'callEnded']]);
  });
});

describe('applyRoster against the simulated call (ground truth)', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constantFrom('join' as const, 'lobby' as const, 'secondDevice' as const), n: fc.nat(50) }),
    fc.record({ kind: fc.constantFrom('leave' as const, 'admit' as const), n: fc.nat(1000) }),
    fc.record({ kind: fc.constant('mute' as const), n: fc.nat(1000), muted: fc.boolean() }),
  );

  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

  function play(steps: Step[], departures: Departures) {
    const call = new SimulatedCall('491f0b00-ffff-4bc9-a43e-b226498ec22a', 'http://unused', 'bot');
    const shape = { legacy: false, departures, minimal: true };
    const deliveries: NotificationItem[] = [call.roster(shape)];
    for (const s of steps) {
      const present = [...call.participants.values()].filter((x) => x.present);
      const target = 'n' in s ? present[s.n % Math.max(1, present.length)] : undefined;
      if (s.kind === 'join') call.add({ user: { id: `u${s.n}` } });
      else if (s.kind === 'lobby') call.add({ user: { id: `u${s.n}` } }, { inLobby: true });
      else if (s.kind === 'secondDevice' && target) call.add(target.identity);
      else if (s.kind === 'leave' && target) call.leave(target.id);
      else if (s.kind === 'admit' && target) call.admit(target.id);
      else if (s.kind === 'mute' && target) call.mute(target.id, s.muted);
      deliveries.push(...call.departed(shape), call.roster(shape));
    }
    const truth = [...call.participants.values()].filter((x) => x.present).map((x) => ({ id: x.id, muted: x.isMuted, lobby: x.isInLobby }));
    return { deliveries, truth: truth.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  const stored = (roster: RosterEntry[]) =>
    roster.filter((e) => e.present).map((e) => ({ id: e.participantId, muted: e.isMuted, lobby: e.isInLobby })).sort((a, b) => a.id.localeCompare(b.id));

  it('in order, the stored roster is who is really in the call, in every departure mode', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), fc.constantFrom<Departures>('absent', 'removedState', 'deleted'), (steps, mode) => {
        const { deliveries, truth } = play(steps, mode);
        expect(stored(deliveries.reduce(apply, []))).toEqual(truth);
      }),
      { numRuns: 300 },
    );
  });

  it('after repeated and shuffled deliveries, the newest roster arriving last leaves it as it really is', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 25 }),
        fc.constantFrom<Departures>('absent', 'removedState', 'deleted'),
        fc.infiniteStream(fc.nat()),
        (steps, mode, picks) => {
          const { deliveries, truth } = play(steps, mode);
          const it = picks[Symbol.iterator]();
          const pool = [...deliveries, ...deliveries];
          const shuffled = pool.map((d) => ({ d, k: it.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.d);
          const last = deliveries[deliveries.length - 1];
          expect(stored([...shuffled, ...(last ? [last] : [])].reduce(apply, []))).toEqual(truth);
        },
      ),
      { numRuns: 300 },
    );
  });
});
