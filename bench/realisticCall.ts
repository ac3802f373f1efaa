import { requestToken } from '../dev/callerToken';
import type { LocalStack } from '../dev/localStack';
import type { RequestCounter } from '../dev/requestCounter';
import { startTwoInstances } from '../dev/twoInstances';
import { sweepInvitations } from '../src/lib/app/finalizeService';
import { createServices } from '../src/lib/app/services';
import { getConfig } from '../src/lib/config/config';
import { shardCount } from '../src/lib/storage/sweepIndex';
import { round } from './stats';
import { benchReceiver, subscriptionFor } from './eventDelivery';
import { callEventTypes } from '../src/lib/domain/callEvent';
import { getServices } from '../src/lib/app/services';
import { writeBehindMs } from '../src/lib/storage/sweepWriteBehind';
import { setTimeout as sleep } from 'node:timers/promises';

const invitees = ['ada', 'bob', 'cy'];

/**
 * A realistic call, Graph's side as the simulator plays it: established, three invitees answer
 * (operation notification and roster each), two people join by link, mutes and unmutes, three
 * departures, the end. The invites' own storage work is counted apart; the notifications are
 * then delivered in order, one at a time, as Graph sends a call's notifications, to `callbackUrl`.
 */
async function oneCall(stack: LocalStack, counter: RequestCounter, callbackUrl: string, tag: string, subscribe?: (callId: string) => Promise<() => number>) {
  const sim = stack.simulator.sim;
  sim.scenario.hold = true;
  const call = sim.createCall(callbackUrl);
  // A subscriber to every event of this call (or none): its deliveries are counted with the notifications.
  const delivered = subscribe ? await subscribe(call.id) : () => 0;
  // Callers need a token (API_AUTH_MODE=entra): the local bot's, fetched before counting.
  const authorization = `Bearer ${await requestToken(stack, stack.simulator.localCallers.bot.appId)}`;
  counter.reset();
  for (const name of invitees) {
    const response = await fetch(`${stack.host.url}/api/calls/${call.id}/participants/invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ participants: [{ identity: { user: { id: `${tag}-${name}` } } }], clientContext: `${tag}-${name}` }),
    });
    if (response.status !== 202) throw new Error(`invite answered ${response.status}`);
    await response.arrayBuffer();
  }
  await sim.idle();
  counter.enabled = false;
  const invite = { reads: counter.reads, writes: counter.writes };
  playCall(stack, call, tag);
  sim.scenario.hold = false;
  await (await getServices()).immediate.idle();
  await bookkeepingWritten();
  counter.reset();
  const statuses = await sim.release(call.id);
  if (subscribe) await settled(delivered);
  await bookkeepingWritten();
  counter.enabled = false;
  if (statuses.some((s) => s !== 202)) throw new Error(`callback answered ${statuses.join(',')}`);
  return { ...perNotification(counter, statuses.length), invite, callId: call.id, eventsDelivered: delivered() };
}

/** Waits out the write-behind of the sweeps' bookkeeping (sweepWriteBehind.ts), so it is counted. */
async function bookkeepingWritten(): Promise<void> {
  await sleep(writeBehindMs + 250);
  await (await getServices()).sweepWrites.idle();
}

/**
 * All the storage transactions counted, per notification; and the notifications' own (the
 * partition's read at first contact and the changes), without the writes to the sweeps'
 * partitions: the calls' retention checks, their invitations' checks closed at the outcome
 * (counted with each invitation's cost) and departures checks.
 */
function perNotification(counter: RequestCounter, notifications: number) {
  return {
    notifications,
    reads: counter.reads,
    writes: counter.writes,
    bookkeepingWrites: counter.sweepWrites,
    refused: counter.failed,
    transactionsPerNotification: round(counter.transactions / notifications, 2),
    ownPerNotification: round((counter.transactions - counter.sweepWrites) / notifications, 2),
  };
}

/**
 * `count` realistic calls whose notifications arrive at the same time (each call's in order), as
 * on a busy instance: what the calls share (the bookkeeping's per-shard transactions, the
 * every-call subscription check) is paid once for all of them.
 */
async function concurrentCalls(stack: LocalStack, counter: RequestCounter, count: number) {
  const sim = stack.simulator.sim;
  sim.scenario.hold = true;
  const authorization = `Bearer ${await requestToken(stack, stack.simulator.localCallers.bot.appId)}`;
  const calls = Array.from({ length: count }, () => sim.createCall(`${stack.host.url}/api/callback`));
  for (const [n, call] of calls.entries()) {
    for (const name of invitees) {
      const response = await fetch(`${stack.host.url}/api/calls/${call.id}/participants/invite`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ participants: [{ identity: { user: { id: `many${n}-${name}` } } }], clientContext: `many${n}-${name}` }),
      });
      if (response.status !== 202) throw new Error(`invite answered ${response.status}`);
      await response.arrayBuffer();
    }
  }
  await sim.idle();
  for (const [n, call] of calls.entries()) playCall(stack, call, `many${n}`);
  sim.scenario.hold = false;
  // What the measures before started (deliveries to their subscriber, their bookkeeping) is not counted here.
  await (await getServices()).immediate.idle();
  await bookkeepingWritten();
  counter.reset();
  const statuses = (await Promise.all(calls.map((call) => sim.release(call.id)))).flat();
  await bookkeepingWritten();
  counter.enabled = false;
  if (statuses.some((s) => s !== 202)) throw new Error(`callback answered ${statuses.join(',')}`);
  return { calls: count, ...perNotification(counter, statuses.length) };
}

type SimulatedCall = ReturnType<LocalStack['simulator']['sim']['createCall']>;

/** The call after its invitees answered, as Graph produces it (held): two join by link, six mutes, three leave, the end. */
function playCall(stack: LocalStack, call: SimulatedCall, tag: string): void {
  const sim = stack.simulator.sim;
  const guests = [call.add({ user: { id: `${tag}-guest-1` } }), call.add({ user: { id: `${tag}-guest-2` } })];
  sim.deliver(call, [call.roster({ legacy: false })]);
  for (let i = 0; i < 6; i++) {
    call.mute((guests[i % 2] ?? guests[0])?.id ?? '', i < 3);
    sim.deliver(call, [call.roster({ legacy: false })]);
  }
  const people = [...call.participants.values()].filter((p) => p.present && p.identity.user);
  for (const p of people.slice(0, 3)) sim.leave(call.id, p.id);
  sim.endCall(call.id);
}

/** Waits until the receiver's count stops moving (the deliveries started after the last change), bench only. */
async function settled(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The sweep's storage requests for the invitations' checks once due, and for a run with nothing due. */
async function sweepPerInvitation(stack: LocalStack, counter: RequestCounter) {
  let ahead = 0;
  const services = await createServices(getConfig(), { httpClient: counter.wrap(stack.tls.httpClient), now: () => new Date(Date.now() + ahead) });
  const quiet = { info: () => {}, warn: () => {} };
  const run = async () => {
    counter.reset();
    await sweepInvitations(services, quiet);
    counter.enabled = false;
    return { reads: counter.reads, writes: counter.writes };
  };
  await run(); // this instance's first sweep: reads the backfill marker once
  ahead = 60_000;
  const checks = (await services.sweeps.due('inv', services.now())).length;
  const due = await run();
  ahead = 400_000;
  const idle = await run();
  const perCheck = (due.reads + due.writes - shardCount) / Math.max(1, checks);
  return { checksDue: checks, withChecksDue: due, perCheck: round(perCheck, 2), withNothingDue: idle };
}

export async function measureRealisticCalls(stack: LocalStack, counter: RequestCounter) {
  const one = await oneCall(stack, counter, `${stack.host.url}/api/callback`, 'one');
  // The same on an instance that has checked the every-call subscriptions within 10 s (as any busy one has).
  const steady = await oneCall(stack, counter, `${stack.host.url}/api/callback`, 'steady');
  const receiver = await benchReceiver();
  const subscriber = await createServices(getConfig(), { httpClient: stack.tls.httpClient });
  const subscribed = await oneCall(stack, counter, `${stack.host.url}/api/callback`, 'subscribed', async (callId) => {
    await subscriber.webhooks.createSubscription({ ...subscriptionFor(receiver.url, callId), events: [...callEventTypes] }, 'whsec_' + Buffer.alloc(32, 3).toString('base64'));
    return receiver.received;
  });
  await receiver.close();
  const eightAtOnce = await concurrentCalls(stack, counter, 8);
  const sweep = await sweepPerInvitation(stack, counter);
  const two = await startTwoInstances(stack, { httpClient: counter.wrap(stack.tls.httpClient) });
  try {
    const shared = await oneCall(stack, counter, `${two.url}/api/callback`, 'two');
    return { oneInstance: one, oneInstanceSteady: steady, oneInstanceOneSubscriber: subscribed, eightCallsAtOnce: eightAtOnce, twoInstancesRoundRobin: { ...shared, served: { ...two.served } }, invitationSweep: sweep };
  } finally {
    await two.close();
  }
}
