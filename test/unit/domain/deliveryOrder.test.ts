import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedCall, type Departures, type NotificationItem as RawItem } from '../../../dev/simulator/simulatedCall';
import { applyItem } from '../../../src/lib/domain/applyNotification';
import { eventsOf } from '../../../src/lib/domain/callEvent';
import { withChanges } from '../../../src/lib/domain/foldNotifications';
import { newInvitation, type Invitation } from '../../../src/lib/domain/invitation';
import type { CallSnapshot } from '../../../src/lib/domain/roster';
import { classifyItem } from '../../../src/lib/graph/notificationItem';
import { at, callId } from './fixtures';

/*
 * The whole call state (roster, invitations, the links between them) and the events it announces
 * do not depend on the order notifications arrive in, once Graph's newest roster has arrived.
 * Ground truth is the simulated call: who really is in it, who was, and who answered which
 * invitation. Deliveries are repeated, shuffled or reversed, in every departure mode.
 */

const step = fc.oneof(
  fc.record({ kind: fc.constantFrom('invitedJoins' as const, 'invitedDeclines' as const, 'walksIn' as const, 'waitsInLobby' as const, 'secondDevice' as const), n: fc.nat(1000) }),
  fc.record({ kind: fc.constantFrom('leave' as const, 'admit' as const), n: fc.nat(1000) }),
  fc.record({ kind: fc.constant('mute' as const), n: fc.nat(1000), muted: fc.boolean() }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface Played {
  readonly deliveries: RawItem[];
  readonly invitations: Invitation[];
  /** Participant ids really in the call at the end, and everyone who ever was. */
  readonly present: string[];
  readonly everInCall: string[];
}

function play(steps: readonly Step[], departures: Departures): Played {
  const call = new SimulatedCall(callId, 'http://unused', 'bot');
  const shape = { legacy: false, departures, minimal: true };
  const deliveries: RawItem[] = [call.roster(shape)];
  const invitations: Invitation[] = [];
  const everInCall = new Set<string>([...call.participants.keys()]);
  let people = 0;
  const invite = (user: string) => {
    const clientContext = `cc-${invitations.length}`;
    invitations.push(newInvitation({ callId, clientContext, invitees: [{ kind: 'user', id: user, displayName: undefined, tenantId: undefined }], requestHash: 'h', now: at(0), timeoutSeconds: 3600 }));
    return clientContext;
  };
  for (const s of steps) {
    const present = [...call.participants.values()].filter((x) => x.present);
    const target = present[s.n % Math.max(1, present.length)];
    const user = `u${people++}`;
    if (s.kind === 'invitedJoins') {
      const clientContext = invite(user);
      everInCall.add(call.add({ user: { id: user } }).id);
      deliveries.push(call.operation(`op-${clientContext}`, clientContext, 'completed', undefined, shape));
    } else if (s.kind === 'invitedDeclines') {
      const clientContext = invite(user);
      deliveries.push(call.operation(`op-${clientContext}`, clientContext, 'failed', { code: 603, subcode: 10_003, message: 'declined' }, shape));
    } else if (s.kind === 'walksIn') everInCall.add(call.add({ user: { id: user } }).id);
    else if (s.kind === 'waitsInLobby') call.add({ user: { id: user } }, { inLobby: true });
    else if (s.kind === 'secondDevice' && target) {
      const device = call.add(target.identity, { inLobby: target.isInLobby });
      if (!device.isInLobby) everInCall.add(device.id);
    } else if (s.kind === 'leave' && target) call.leave(target.id);
    else if (s.kind === 'admit' && target?.isInLobby) {
      call.admit(target.id);
      everInCall.add(target.id);
    } else if (s.kind === 'mute' && target) call.mute(target.id, s.muted);
    deliveries.push(...call.departed(shape), call.roster(shape));
  }
  const present = [...call.participants.values()].filter((x) => x.present).map((x) => x.id);
  return { deliveries, invitations, present: present.sort(), everInCall: [...everInCall].sort() };
}

/** Applies the deliveries one by one (a second apart), collecting the events each change announces. */
function deliver(invitations: readonly Invitation[], deliveries: readonly RawItem[]) {
  let snapshot: CallSnapshot = { callId, call: undefined, invitations, roster: [] };
  const events: string[] = [];
  deliveries.forEach((raw, i) => {
    const changes = applyItem(snapshot, classifyItem(raw), at(i + 1));
    events.push(...eventsOf(snapshot, changes).map((e) => (e.type === 'invitation.finished' ? `${e.key}|${e.invitation.status}` : e.key)));
    snapshot = withChanges(snapshot, changes);
  });
  return { snapshot, events: [...new Set(events)].sort() };
}

/** The state without times: what a subscriber or a reader of the roster and the invitations sees. */
function state(snapshot: CallSnapshot) {
  return {
    roster: snapshot.roster
      .map((e) => ({
        id: e.participantId,
        who: e.identityKey,
        present: e.present,
        // Mute and lobby matter while present; for former participants the departure does.
        ...(e.present ? { muted: e.isMuted, lobby: e.isInLobby } : { removalReason: e.removalReason }),
        invitation: e.invitationClientContext,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    invitations: snapshot.invitations.map((i) => ({ cc: i.clientContext, status: i.status, reason: i.outcomeReason, invitees: i.invitees.map((v) => [v.state, v.participantId]) })),
  };
}

const orders = ['shuffled', 'reversed'] as const;

function reorder(deliveries: readonly RawItem[], order: (typeof orders)[number], picks: Iterator<number>): RawItem[] {
  const copies = [...deliveries, ...deliveries];
  if (order === 'reversed') return copies.reverse();
  return copies.map((d) => ({ d, k: picks.next().value as number })).sort((a, b) => a.k - b.k).map((x) => x.d);
}

// Hundreds of generated calls per property: the limit only stops a hang (mutation runs are slow), it asserts nothing about speed.
describe('delivery order does not change the end state or the events (simulated call as ground truth)', { timeout: 120_000 }, () => {
  it('in order: the roster is who is really in the call, everyone who was is a former participant, with their invitation', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.constantFrom<Departures>('absent', 'removedState', 'deleted'), (steps, mode) => {
        const played = play(steps, mode);
        const { snapshot } = deliver(played.invitations, played.deliveries);
        expect(snapshot.roster.filter((e) => e.present).map((e) => e.participantId).sort()).toEqual(played.present);
        expect(snapshot.roster.filter((e) => e.wasInCall === true).map((e) => e.participantId).sort()).toEqual(played.everInCall);
        expect(snapshot.roster.every((e) => e.identityKey !== undefined)).toBe(true);
        // Whoever joined through an invitation is linked to it, present or not; their invitee says where they are.
        for (const inv of played.invitations) {
          const stored = snapshot.invitations.find((i) => i.clientContext === inv.clientContext);
          const linked = snapshot.roster.filter((e) => e.invitationClientContext === inv.clientContext);
          const invitee = stored?.invitees[0];
          if (stored?.status === 'failed') expect(linked).toEqual([]);
          else if (linked.some((e) => e.present && e.isInLobby !== true)) expect(invitee?.state).toBe('joined');
          else if (linked.some((e) => e.wasInCall === true)) expect(invitee?.state).toBe('left');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('repeated, then shuffled or reversed, with the newest roster last: the same roster, invitations, links and events as in order', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 30 }),
        fc.constantFrom<Departures>('absent', 'removedState', 'deleted'),
        fc.constantFrom(...orders),
        fc.infiniteStream(fc.nat()),
        (steps, mode, order, picks) => {
          const played = play(steps, mode);
          const newest = played.deliveries[played.deliveries.length - 1];
          const inOrder = deliver(played.invitations, played.deliveries);
          const reordered = deliver(played.invitations, [...reorder(played.deliveries, order, picks[Symbol.iterator]()), ...(newest ? [newest] : [])]);
          expect(state(reordered.snapshot)).toEqual(state(inOrder.snapshot));
          expect(reordered.events).toEqual(inOrder.events);
        },
      ),
      { numRuns: 300 },
    );
  });
});
