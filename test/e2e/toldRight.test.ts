import { afterAll, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../dev/simulator/graphSimulator';
import type { Departures } from '../../dev/simulator/simulatedCall';
import { startReceiver, type Received } from '../support/webhookReceiver';
import { useTestStack, user, type TestStack } from '../support/testStack';

/*
 * Told right under reordering, over real HTTP: the same 40-person call (invitations answered,
 * declined and unanswered, people walking in, mutes, departures as absences, as removedState and
 * as deleted items) delivered in order, shuffled and reversed, each envelope repeated, ends in the
 * same roster, the same invitation states and the same set of webhook events once Graph's newest
 * roster has arrived and departures known only from absence are settled by Graph's participant
 * list (one request per call); and the same again once the call has ended. Ground truth for "in order" is
 * the simulated call; a webhook receiver subscribed to the call records what a subscriber hears.
 */
const stack = useTestStack();
let t: TestStack;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

type Release = { copies: number; shuffle?: boolean; reverse?: boolean; concurrency: number };
interface RosterDoc {
  participants: { identity: { kind: string; id: string } | null; isMuted: boolean | null; invitation: { clientContext: string } | null }[];
  formerParticipants: { identity: { kind: string; id: string } | null; removalReason: string | null; invitation: { clientContext: string } | null }[];
  invitations: { clientContext: string; status: string }[];
}

const invited = 30;
const walkIns = 10;

/** Plays the call with notifications held, releases them as asked, then Graph's newest roster. */
async function playCall(prefix: string, release: Release) {
  t = stack();
  const sim = t.stack.simulator.sim;
  const callId = t.newCall();
  await t.settle();
  const receiver = await startReceiver();
  receivers.push(receiver);
  const created = await t.api('/api/subscriptions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ notificationUrl: receiver.url, events: ['invitation.finished', 'participant.joined', 'participant.left', 'call.ended'], callId }),
  });
  expect(created.status).toBe(201);
  receiver.useSecret(String(((await created.json()) as { secret: string }).secret));

  sim.scenario = { ...defaultScenario(), hold: true, behaviourFor: { [`${prefix}-i0`]: 'decline', [`${prefix}-i1`]: 'decline', [`${prefix}-i2`]: 'noAnswer' } };
  const requests = Array.from({ length: invited }, (_, i) => ({ participants: [user(`${prefix}-i${i}`)], clientContext: `ctx-${i}` }));
  // Every sixth invite is sent twice, as a retrying client would.
  const answers = await Promise.all([...requests, ...requests.filter((_, i) => i % 6 === 0)].map((body) => t.invite(callId, body)));
  expect(answers.every((a) => a.status === 202)).toBe(true);
  await t.settle();
  const call = sim.calls.get(callId);
  if (!call) throw new Error('no call');
  for (let i = 0; i < walkIns; i++) {
    call.add({ user: { id: `${prefix}-w${i}` } });
    sim.deliver(call, [call.roster(sim.shape)]);
  }
  const person = (id: string) => [...call.participants.values()].find((p) => (p.identity.user as { id?: string } | undefined)?.id === `${prefix}-${id}`);
  for (const id of ['i3', 'i5', 'i7', 'w0', 'w2', 'i9', 'i11', 'w4']) {
    call.mute(person(id)?.id ?? '', true);
    sim.deliver(call, [call.roster(sim.shape)]);
  }
  // Departures in every way Graph reports them; absences last (an absence is never reported otherwise).
  const leaving: [Departures, string[]][] = [
    ['removedState', ['i3', 'i4', 'w1', 'i13']],
    ['deleted', ['i5', 'i6', 'w3', 'i15']],
    ['absent', ['i7', 'i8', 'w5', 'i17']],
  ];
  for (const [departures, ids] of leaving) {
    sim.scenario.departures = departures;
    for (const id of ids) sim.leave(callId, person(id)?.id ?? '');
  }
  sim.scenario.departures = 'absent';
  call.mute(person('i19')?.id ?? '', true);
  sim.deliver(call, [call.roster(sim.shape)]);
  const held = sim.held.get(callId)?.length ?? 0;
  sim.scenario.hold = false;
  const statuses = await sim.release(callId, release);
  expect(new Set(statuses)).toEqual(new Set([202]));
  // Graph's newest roster, as its next roster notification would bring it.
  await sim.post(call, [call.roster(sim.shape)]);
  // The departures check follows its change by a moment (sweepWriteBehind.ts): written before the clock moves.
  await t.settle();
  // Whatever lost an ETag race was kept in the inbox; the replay timer applies it, and settles the
  // departures known only from absence with Graph's participant list (10 to 20 s after they were inferred).
  t.advance(25);
  await t.stack.host.runTimer('replayNotifications');
  return { callId, receiver, held, delivered: statuses.length };
}

async function deliverEvents(receiver: { received: Received[] }) {
  let before = -1;
  while (before !== receiver.received.length) {
    before = receiver.received.length;
    await t.stack.host.runTimer('deliverWebhooks');
  }
}

const strip = (prefix: string, id: string | undefined) => id?.replace(`${prefix}-`, '') ?? 'bot';

/** The end state, without times or per-run ids. */
async function endState(callId: string, prefix: string) {
  const roster = (await t.getJson(`/api/calls/${callId}/participants`)).body as unknown as RosterDoc;
  const invitations = await Promise.all(
    roster.invitations.map(async (i) => {
      const doc = (await t.getJson(`/api/calls/${callId}/invitations/${i.clientContext}`)).body as { status: string; outcome: { reason: string } | null; invitees: { state: string }[] };
      return [i.clientContext, doc.status, doc.outcome?.reason ?? null, doc.invitees.map((v) => v.state).join()];
    }),
  );
  const who = (p: { identity: { kind: string; id: string } | null }) => (p.identity?.kind === 'application' ? 'bot' : strip(prefix, p.identity?.id));
  return {
    present: roster.participants.map((p) => [who(p), p.isMuted, p.invitation?.clientContext ?? null]).sort(),
    former: roster.formerParticipants.map((p) => [who(p), p.removalReason, p.invitation?.clientContext ?? null]).sort(),
    invitations: invitations.sort(),
  };
}

/** What a subscriber heard: each event once (by its id), as type and whom it is about. */
function heard(receiver: { received: Received[] }, prefix: string) {
  const byId = new Map(receiver.received.map((r) => [r.id, r]));
  return [...byId.values()]
    .map((r) => {
      const data = r.body.data as { participant?: { identity: { id: string } | null }; clientContext?: string; status?: string };
      if (data.participant) return `${r.body.type} ${strip(prefix, data.participant.identity?.id)}`;
      if (data.clientContext) return `${r.body.type} ${data.clientContext} ${data.status}`;
      return r.body.type;
    })
    .sort();
}

describe('told right: the same call in any delivery order', () => {
  it('in order, shuffled and reversed (each envelope four times): the same roster, invitations and webhook events', async () => {
    const runs: [string, Release][] = [
      ['ord', { copies: 1, concurrency: 1 }],
      ['shu', { copies: 4, shuffle: true, concurrency: 8 }],
      ['rev', { copies: 4, reverse: true, concurrency: 1 }],
    ];
    const results = [];
    for (const [prefix, release] of runs) {
      const played = await playCall(prefix, release);
      await deliverEvents(played.receiver);
      const state = await endState(played.callId, prefix);
      const events = heard(played.receiver, prefix);
      t.stack.simulator.sim.endCall(played.callId);
      await t.settle();
      await deliverEvents(played.receiver);
      results.push({ prefix, played, state, events, afterEnd: heard(played.receiver, prefix), ended: await endState(played.callId, prefix) });
    }
    const [inOrder, ...others] = results;
    if (!inOrder) throw new Error('no runs');
    // The in-order run is the simulated call as it really went.
    expect(inOrder.played.held).toBeGreaterThanOrEqual(90);
    expect(inOrder.state.present).toHaveLength(1 + invited - 3 + walkIns - 12);
    expect(inOrder.state.former).toHaveLength(12);
    expect(inOrder.state.former.filter(([, reason]) => reason === 'notInRoster').map(([id]) => id)).toEqual(['i17', 'i7', 'i8', 'w5']);
    expect(inOrder.state.former.filter(([id]) => String(id).startsWith('i')).every(([, , link]) => link !== null)).toBe(true);
    expect(inOrder.state.invitations.filter(([, , , states]) => states === 'left')).toHaveLength(9);
    // Every departure announced once: the absences too, settled by Graph's participant list.
    expect(inOrder.events.filter((e) => e.startsWith('participant.left'))).toHaveLength(12);
    expect(inOrder.afterEnd.filter((e) => e.startsWith('participant.left'))).toHaveLength(1 + invited - 3 + walkIns);
    for (const run of results) expect(t.stack.simulator.sim.participantLists.filter((l) => l.callId === run.played.callId), run.prefix).toHaveLength(1);
    for (const other of others) {
      expect(other.played.delivered, other.prefix).toBeGreaterThanOrEqual(360);
      expect(other.state, other.prefix).toEqual(inOrder.state);
      expect(other.events, other.prefix).toEqual(inOrder.events);
      expect(other.afterEnd, other.prefix).toEqual(inOrder.afterEnd);
      expect(other.ended, other.prefix).toEqual(inOrder.ended);
    }
  }, 300_000);
});
