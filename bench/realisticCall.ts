import { requestToken } from '../dev/callerToken';
import type { LocalStack } from '../dev/localStack';
import type { RequestCounter } from '../dev/requestCounter';
import { startTwoInstances } from '../dev/twoInstances';
import { sweepInvitations } from '../src/lib/app/finalizeService';
import { createServices } from '../src/lib/app/services';
import { getConfig } from '../src/lib/config/config';
import { shardCount } from '../src/lib/storage/sweepIndex';
import { round } from './stats';

const invitees = ['ada', 'bob', 'cy'];

/**
 * A realistic call, Graph's side as the simulator plays it: established, three invitees answer
 * (operation notification and roster each), two people join by link, mutes and unmutes, three
 * departures, the end. The invites' own storage work is counted apart; the notifications are
 * then delivered in order, one at a time, as Graph sends a call's notifications, to `callbackUrl`.
 */
async function oneCall(stack: LocalStack, counter: RequestCounter, callbackUrl: string, tag: string) {
  const sim = stack.simulator.sim;
  sim.scenario.hold = true;
  const call = sim.createCall(callbackUrl);
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
  const guests = [call.add({ user: { id: `${tag}-guest-1` } }), call.add({ user: { id: `${tag}-guest-2` } })];
  sim.deliver(call, [call.roster({ legacy: false })]);
  for (let i = 0; i < 6; i++) {
    call.mute((guests[i % 2] ?? guests[0])?.id ?? '', i < 3);
    sim.deliver(call, [call.roster({ legacy: false })]);
  }
  const people = [...call.participants.values()].filter((p) => p.present && p.identity.user);
  for (const p of people.slice(0, 3)) sim.leave(call.id, p.id);
  sim.endCall(call.id);
  sim.scenario.hold = false;
  counter.reset();
  const statuses = await sim.release(call.id);
  counter.enabled = false;
  if (statuses.some((s) => s !== 202)) throw new Error(`callback answered ${statuses.join(',')}`);
  const perNotification = counter.transactions / statuses.length;
  return { notifications: statuses.length, reads: counter.reads, writes: counter.writes, refused: counter.failed, transactionsPerNotification: round(perNotification, 2), invite, callId: call.id };
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
  const sweep = await sweepPerInvitation(stack, counter);
  const two = await startTwoInstances(stack, { httpClient: counter.wrap(stack.tls.httpClient) });
  try {
    const shared = await oneCall(stack, counter, `${two.url}/api/callback`, 'two');
    return { oneInstance: one, twoInstancesRoundRobin: { ...shared, served: { ...two.served } }, invitationSweep: sweep };
  } finally {
    await two.close();
  }
}
