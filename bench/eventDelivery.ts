import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { ManagedIdentityCredential } from '@azure/identity';
import type { LocalStack } from '../dev/localStack';
import type { RequestCounter } from '../dev/requestCounter';
import type { SimulatedCall } from '../dev/simulator/simulatedCall';
import { createServices } from '../src/lib/app/services';
import { getConfig } from '../src/lib/config/config';
import type { Subscription } from '../src/lib/domain/subscription';
import { partitionKeyOf } from '../src/lib/storage/entities';
import { callHookPrefix, subPrefix, subscriptionCopy, subscriptionEntity, webhookPartition } from '../src/lib/storage/webhookEntities';
import { median, percentile, round } from './stats';

/** A loopback receiver that records when each participant's join arrived; `delayMs` before it answers. */
export async function benchReceiver(delayMs = 0) {
  const arrivals = new Map<string, number>();
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      count++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: { participant?: { identity?: { id?: string } } } };
      const id = body.data?.participant?.identity?.id;
      if (id !== undefined && !arrivals.has(id)) arrivals.set(id, at);
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrivals,
    received: () => count,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const owner = { kind: 'application', id: 'bench', tenantId: 'bench', appId: 'bench' } as const;
export function subscriptionFor(url: string, callId: string | undefined): Subscription {
  const now = new Date();
  return { id: randomUUID(), notificationUrl: url, events: ['participant.joined'], callId, scope: 'all', owner, status: 'active', createdAt: new Date(now.getTime() - 1000).toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString(), consecutiveFailures: 0, failingSince: undefined, pausedAt: undefined };
}

/** Subscriptions to other calls, written as the store writes them (the call's row, the subscription), in transactions of 100. */
async function addOtherSubscriptions(stack: LocalStack, count: number, url: string): Promise<void> {
  const table = new TableClient(stack.settings.STORAGE_TABLE_ENDPOINT ?? '', 'callinvitations', new ManagedIdentityCredential({ clientId: stack.settings.MANAGED_IDENTITY_CLIENT_ID ?? '', httpClient: stack.tls.httpClient }), { httpClient: stack.tls.httpClient });
  for (let i = 0; i < count; i += 100) {
    const callId = `bench-other-${i}-${randomUUID()}`;
    const subs = Array.from({ length: Math.min(100, count - i) }, () => subscriptionFor(url, callId));
    await table.submitTransaction(subs.map((s): TransactionAction => ['upsert', subscriptionCopy(s, partitionKeyOf(callId), callHookPrefix + s.id), 'Replace']));
    await table.submitTransaction(subs.map((s): TransactionAction => ['create', { ...subscriptionEntity(s, 'whsec_AAAA'), partitionKey: webhookPartition, rowKey: subPrefix + s.id }]));
  }
}

async function freshCall(stack: LocalStack): Promise<SimulatedCall> {
  const call = stack.simulator.sim.createCall(`${stack.host.url}/api/callback`);
  await stack.simulator.sim.idle();
  return call;
}

/** Waits (polling, bench only) until `done()` or `limitMs` passed. */
export async function waitFor(done: () => boolean, limitMs = 30_000): Promise<void> {
  const until = performance.now() + limitMs;
  while (!done() && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Event latency: `calls` calls with a subscription each (loopback receivers, one of them slow),
 * `perSecond` notifications a second (each someone joining: one participant.joined), open loop;
 * from the callback's answer (acknowledged) to the event's arrival at the receiver.
 */
export async function measureEventLatency(stack: LocalStack, options: { readonly calls: number; readonly perSecond: number; readonly seconds: number; readonly slowMs: number }) {
  const services = await createServices(getConfig(), { httpClient: stack.tls.httpClient });
  const sim = stack.simulator.sim;
  const token = await sim.callbackToken();
  const fast = await Promise.all(Array.from({ length: 10 }, () => benchReceiver()));
  const slow = await benchReceiver(options.slowMs);
  try {
    const calls: SimulatedCall[] = [];
    for (let i = 0; i < options.calls; i++) {
      const call = await freshCall(stack);
      const receiver = i === 0 ? slow : fast[i % fast.length];
      await services.webhooks.createSubscription(subscriptionFor(receiver?.url ?? '', call.id), 'whsec_' + Buffer.alloc(32, i).toString('base64'));
      calls.push(call);
    }
    // The same load on calls nobody subscribed to first: what the callback costs here without events.
    const baseline: SimulatedCall[] = [];
    for (let i = 0; i < options.calls; i++) baseline.push(await freshCall(stack));
    const plain = await offer(baseline, 'base');
    // As a deployed app runs it while work is open: a pass of the minute timer's jobs (the webhook
    // fallback among them) every 10 s, for whatever immediate delivery left (this stack's runs are one
    // pass each, SWEEP_RUN_SECONDS=0). Idle, the deployed timer first waits for its next minute.
    const timer = setInterval(() => void stack.host.runTimer('finalizeInvitations').catch(() => {}), 10_000);
    const loaded = await offer(calls, 'lat').finally(() => clearInterval(timer));
    const { acks, callbackMs, offeredPerSecond } = loaded;
    async function offer(targets: readonly SimulatedCall[], tag: string) {
      const acked = new Map<string, number>();
      const ms: number[] = [];
      const total = options.perSecond * options.seconds;
      const started = performance.now();
      const posts: Promise<void>[] = [];
      for (let n = 0; n < total; n++) {
        const due = started + (n * 1000) / options.perSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const call = targets[n % targets.length] as SimulatedCall;
        const userId = `${tag}-${n}`;
        call.add({ user: { id: userId } });
        const item = call.roster({ legacy: false });
        posts.push((async () => {
          const t = performance.now();
          const status = await sim.post(call, [item], token);
          const at = performance.now();
          ms.push(at - t);
          if (status === 202) acked.set(userId, at);
        })());
      }
      const offeredPerSecond = round(total / ((performance.now() - started) / 1000), 1);
      await Promise.all(posts);
      return { acks: acked, callbackMs: ms, offeredPerSecond };
    }
    const total = options.perSecond * options.seconds;
    const arrivedAt = (id: string) => fast.find((r) => r.arrivals.has(id))?.arrivals.get(id) ?? slow.arrivals.get(id);
    await waitFor(() => [...acks.keys()].every((id) => arrivedAt(id) !== undefined), 90_000);
    const slowIds = new Set([...acks.keys()].filter((_, n) => n % calls.length === 0));
    // Events that never arrived are left out here and counted in notArrived.
    const latency = (ids: string[]) => ids.flatMap((id) => {
      const arrived = arrivedAt(id);
      return arrived === undefined ? [] : [Math.max(0, arrived - (acks.get(id) ?? 0))];
    });
    const normal = latency([...acks.keys()].filter((id) => !slowIds.has(id)));
    const slowOnes = latency([...slowIds]);
    const missing = [...acks.keys()].filter((id) => arrivedAt(id) === undefined).length;
    return {
      notifications: total,
      acknowledged: acks.size,
      subscriptions: options.calls,
      slowReceiverAnswersAfterMs: options.slowMs,
      eventLatencyMs: { p50: round(percentile(normal, 50), 0), p99: round(percentile(normal, 99), 0), max: round(Math.max(...normal), 0) },
      slowReceiverLatencyMs: { p50: round(percentile(slowOnes, 50), 0) },
      notArrived: missing,
      callbackMs: { p50: round(percentile(callbackMs, 50), 1), p99: round(percentile(callbackMs, 99), 1) },
      callbackMsWithoutSubscribers: { p50: round(percentile(plain.callbackMs, 50), 1), p99: round(percentile(plain.callbackMs, 99), 1) },
      offeredPerSecond,
    };
  } finally {
    await Promise.all([...fast, slow].map((r) => r.close()));
  }
}

/** One event to one subscriber, with `others` subscriptions to other calls stored: storage requests and time to arrival. */
async function deliveryCost(stack: LocalStack, counter: RequestCounter, rounds: number) {
  const services = await createServices(getConfig(), { httpClient: stack.tls.httpClient });
  const sim = stack.simulator.sim;
  const token = await sim.callbackToken();
  const receiver = await benchReceiver();
  try {
    const call = await freshCall(stack);
    await services.webhooks.createSubscription(subscriptionFor(receiver.url, call.id), 'whsec_' + Buffer.alloc(32, 7).toString('base64'));
    const ms: number[] = [];
    const requests: number[] = [];
    const entitiesRead: number[] = [];
    for (let i = 0; i < rounds + 1; i++) {
      const userId = `cost-${randomUUID()}`;
      call.add({ user: { id: userId } });
      const item = call.roster({ legacy: false });
      counter.reset();
      const t = performance.now();
      await sim.post(call, [item], token);
      await waitFor(() => receiver.arrivals.has(userId));
      const arrived = receiver.arrivals.get(userId) ?? Number.NaN;
      await new Promise((resolve) => setTimeout(resolve, 50)); // the delivery row's delete after the answer
      counter.enabled = false;
      if (i === 0) continue; // warm-up
      ms.push(arrived - t);
      requests.push(counter.transactions);
      entitiesRead.push([...counter.partitionsRead.values()].reduce((a, b) => a + b, 0));
    }
    return { medianMs: round(median(ms), 1), requests: median(requests), entitiesRead: median(entitiesRead) };
  } finally {
    await receiver.close();
  }
}

/** Delivery with 10 and with 10,000 subscriptions stored (all but one to other calls). */
export async function measureDeliveryCost(stack: LocalStack, counter: RequestCounter, rounds = 15) {
  const other = 'http://127.0.0.1:9/unused';
  await addOtherSubscriptions(stack, 9, other);
  const small = await deliveryCost(stack, counter, rounds);
  await addOtherSubscriptions(stack, 9_990, other);
  const large = await deliveryCost(stack, counter, rounds);
  return { small: { subscriptions: 10, ...small }, large: { subscriptions: 10_000, ...large }, timeRatio: round(large.medianMs / small.medianMs, 2), requestRatio: round(large.requests / small.requests, 2) };
}

/**
 * The callback's latency for a join whose event goes to a receiver that never answers, vs one whose
 * receiver answers at once (the same work but the wait), and vs a call nobody subscribed to;
 * alternating slices of sequential notifications, the median of the rounds' ratios.
 */
export async function measureCallbackWithHangingReceiver(stack: LocalStack, options: { readonly perSlice: number; readonly rounds: number }) {
  const services = await createServices(getConfig(), { httpClient: stack.tls.httpClient });
  const sim = stack.simulator.sim;
  const token = await sim.callbackToken();
  const hanging = createServer(() => {}); // reads nothing, answers nothing
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const fast = await benchReceiver();
  try {
    const watched = await freshCall(stack);
    const answered = await freshCall(stack);
    const quiet = await freshCall(stack);
    await services.webhooks.createSubscription(subscriptionFor(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hooks`, watched.id), 'whsec_' + Buffer.alloc(32, 9).toString('base64'));
    await services.webhooks.createSubscription(subscriptionFor(fast.url, answered.id), 'whsec_' + Buffer.alloc(32, 8).toString('base64'));
    const slice = async (call: SimulatedCall) => {
      const ms: number[] = [];
      for (let i = 0; i < options.perSlice; i++) {
        call.add({ user: { id: `hang-${randomUUID()}` } });
        const item = call.roster({ legacy: false });
        const t = performance.now();
        await sim.post(call, [item], token);
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    for (const call of [watched, answered, quiet]) await slice(call);
    const results = { hanging: [] as number[], answering: [] as number[], none: [] as number[], ratios: [] as number[] };
    for (let r = 0; r < options.rounds; r++) {
      const order = r % 2 === 0 ? [watched, answered, quiet] : [quiet, answered, watched];
      const got = new Map<SimulatedCall, number>();
      for (const call of order) got.set(call, await slice(call));
      const a = got.get(watched) ?? Number.NaN;
      const b = got.get(answered) ?? Number.NaN;
      results.hanging.push(a);
      results.answering.push(b);
      results.none.push(got.get(quiet) ?? Number.NaN);
      results.ratios.push(a / b);
    }
    return {
      hangingReceiverP50Ms: round(median(results.hanging), 1),
      answeringReceiverP50Ms: round(median(results.answering), 1),
      noSubscriberP50Ms: round(median(results.none), 1),
      ratio: round(median(results.ratios), 2),
      ratios: results.ratios.map((x) => round(x, 2)),
    };
  } finally {
    hanging.closeAllConnections();
    hanging.close();
    await fast.close();
  }
}
