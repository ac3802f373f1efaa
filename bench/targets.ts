import type { measureCallbacks } from './callbackThroughput';
import type { measureColdStart } from './coldStart';
import type { measureCallbackWithHangingReceiver, measureDeliveryCost, measureEventLatency } from './eventDelivery';
import type { measureRealisticCalls } from './realisticCall';
import type { measureInvites } from './rosterAndInvite';
import type { measureSweepCost } from './sweepCost';

export interface TargetRow {
  readonly measure: string;
  readonly result: string;
  readonly target: string;
  readonly met: boolean | 'reported';
}

interface Measured {
  readonly coldStart: Awaited<ReturnType<typeof measureColdStart>>;
  readonly callback: Awaited<ReturnType<typeof measureCallbacks>>;
  readonly roster1000: { readonly reads: number; readonly writes: number; readonly ms: number } | undefined;
  readonly invite: Awaited<ReturnType<typeof measureInvites>>;
  readonly realisticCall: Awaited<ReturnType<typeof measureRealisticCalls>>;
  readonly sweepCost: Awaited<ReturnType<typeof measureSweepCost>>;
  readonly events: {
    readonly eventLatency: Awaited<ReturnType<typeof measureEventLatency>>;
    readonly deliveryCost: Awaited<ReturnType<typeof measureDeliveryCost>>;
    readonly hangingReceiver: Awaited<ReturnType<typeof measureCallbackWithHangingReceiver>>;
  };
}

/** Every benchmark figure that has a target, the result beside it (printed and in results.json). */
export function targetRows(m: Measured): TargetRow[] {
  const design = (name: string) => m.sweepCost.find((r) => r.design === name);
  const indexed = design('30-second sweeps (this design)');
  const scanning = design('30-second sweeps (old cross-partition queries)');
  const purge = design('daily purge (this design)');
  const oldPurge = design('daily purge (old Timestamp query)');
  const one = m.realisticCall.oneInstance;
  const two = m.realisticCall.twoInstancesRoundRobin;
  const steady = m.realisticCall.oneInstanceSteady;
  const many = m.realisticCall.eightCallsAtOnce;
  return [
    { measure: '30-second sweeps, 10,000 vs 10 finished calls stored (time ratio)', result: `${indexed?.ratio}x (${indexed?.large?.requests} requests, ${indexed?.large?.entitiesRead} entities read, ${indexed?.large?.scanningQueries} scans)`, target: 'at most 1.2x', met: (indexed?.ratio ?? Infinity) <= 1.2 },
    { measure: 'Same, the old cross-partition queries (baseline)', result: `${scanning?.ratio}x (${scanning?.large?.scanningQueries} scans)`, target: '-', met: 'reported' },
    { measure: 'Daily purge, 10,000 vs 10 finished calls stored, nothing due', result: `${purge?.ratio}x (${purge?.large?.requests} requests, ${purge?.large?.entitiesRead} entities read; Azurite scans a table per query)`, target: 'reads nothing when nothing is due', met: purge?.large?.entitiesRead === 0 && purge.large.scanningQueries === 0 },
    { measure: 'Same, the old Timestamp query (baseline)', result: `${oldPurge?.ratio}x (${oldPurge?.large?.scanningQueries} scans)`, target: '-', met: 'reported' },
    { measure: "Storage transactions per notification, realistic call, one instance: the notifications' own (the partition's read at first contact, the changes)", result: `${one.ownPerNotification} (${one.reads} reads + ${one.writes - one.bookkeepingWrites} writes / ${one.notifications})`, target: 'at most 1.1', met: one.ownPerNotification <= 1.1 },
    { measure: "Same, all-in: with the call's retention check, its invitations' checks closed at their outcomes and departures checks (written behind, a transaction per shard and moment)", result: `${one.transactionsPerNotification} (${one.reads} reads + ${one.writes} writes, ${one.bookkeepingWrites} of them bookkeeping / ${one.notifications}); the next call on that instance ${steady.transactionsPerNotification} (${steady.reads} + ${steady.writes})`, target: 'reported (a single call pays its bookkeeping alone)', met: 'reported' },
    // The bookkeeping is at most one transaction per shard and second, whatever the load: what it adds per notification falls as the notifications of a second grow.
    { measure: 'Same, all-in, 8 realistic calls whose notifications arrive at once (their bookkeeping shares transactions)', result: `${many.transactionsPerNotification} (${many.reads} reads + ${many.writes} writes, ${many.bookkeepingWrites} of them bookkeeping / ${many.notifications})`, target: 'reported (bookkeeping: at most a transaction per shard and second)', met: 'reported' },
    { measure: 'Same, with one subscription to every event of the call (deliveries counted too)', result: `${m.realisticCall.oneInstanceOneSubscriber.transactionsPerNotification} (${m.realisticCall.oneInstanceOneSubscriber.reads} reads + ${m.realisticCall.oneInstanceOneSubscriber.writes} writes / ${m.realisticCall.oneInstanceOneSubscriber.notifications}; ${m.realisticCall.oneInstanceOneSubscriber.eventsDelivered} events delivered)`, target: 'measured', met: 'reported' },
    { measure: 'Webhook event latency, acknowledged notification to receiver, 50 notifications/s, 100 subscriptions, one receiver slow', result: `p50 ${m.events.eventLatency.eventLatencyMs.p50} ms, p99 ${m.events.eventLatency.eventLatencyMs.p99} ms (${m.events.eventLatency.offeredPerSecond}/s offered; callback p50 ${m.events.eventLatency.callbackMs.p50} ms, ${m.events.eventLatency.callbackMsWithoutSubscribers.p50} ms at the same load without subscribers; ${m.events.eventLatency.notArrived} not arrived; the slow receiver's own p50 ${m.events.eventLatency.slowReceiverLatencyMs.p50} ms)`, target: 'p50 at most 1 s, p99 at most 3 s', met: m.events.eventLatency.eventLatencyMs.p50 <= 1000 && m.events.eventLatency.eventLatencyMs.p99 <= 3000 && m.events.eventLatency.notArrived === 0 },
    { measure: 'Webhook delivery cost, 10,000 vs 10 subscriptions stored (time ratio)', result: `${m.events.deliveryCost.timeRatio}x (${m.events.deliveryCost.small.requests} vs ${m.events.deliveryCost.large.requests} storage requests, ${m.events.deliveryCost.small.entitiesRead} vs ${m.events.deliveryCost.large.entitiesRead} entities read)`, target: 'at most 1.2x', met: m.events.deliveryCost.timeRatio <= 1.2 && m.events.deliveryCost.large.requests <= m.events.deliveryCost.small.requests },
    { measure: 'Callback latency, a join whose subscriber hangs vs one whose subscriber answers at once (median of rounds)', result: `${m.events.hangingReceiver.ratio}x (${m.events.hangingReceiver.hangingReceiverP50Ms} vs ${m.events.hangingReceiver.answeringReceiverP50Ms} ms p50; no subscriber ${m.events.hangingReceiver.noSubscriberP50Ms} ms)`, target: 'unchanged within noise (at most 1.2x)', met: m.events.hangingReceiver.ratio <= 1.2 },
    { measure: 'Same, two instances sharing the call (round robin: every copy is stale)', result: `${two.transactionsPerNotification} (${two.reads} reads + ${two.writes} writes, ${two.refused} refused)`, target: 'measured; about 2 (read + write) expected', met: 'reported' },
    { measure: 'Callback throughput at concurrency 8 vs naive read + write to Azurite', result: `${m.callback.appVsAzuriteAt8}`, target: 'at least 1.0', met: m.callback.appVsAzuriteAt8 >= 1 },
    { measure: 'Full roster of 1,000 x 2 KB, one changed: round trips', result: m.roster1000 ? `${m.roster1000.reads} reads, ${m.roster1000.writes} writes, ${m.roster1000.ms} ms` : 'missing', target: 'at most 1 write, no read', met: m.roster1000 !== undefined && m.roster1000.reads === 0 && m.roster1000.writes <= 1 },
    { measure: 'Cold start to all functions registered vs node -e 0', result: `${m.coldStart.builtVsNodeE0}x`, target: 'at most 1.5x', met: m.coldStart.builtVsNodeE0 <= 1.5 },
    { measure: 'Same, with Application Insights configured (telemetry loads on first use)', result: `${m.coldStart.builtWithTelemetryVsNodeE0}x`, target: 'at most 1.5x', met: m.coldStart.builtWithTelemetryVsNodeE0 <= 1.5 },
    // Graph: respond to the incoming call notification within 5 s, answer within 15 s (call: answer docs;
    // comms-samples #191). The answer is sent from that response, so 5 s bounds both; half of it is
    // left to what this machine cannot measure (Flex Consumption allocating an instance, the host starting).
    { measure: 'Cold process to first callback answered (all lazy loading)', result: `${m.coldStart.firstCallbackAnsweredMs} ms`, target: 'at most 2,500 ms (half of the 5 s Graph allows)', met: m.coldStart.firstCallbackAnsweredMs <= 2500 },
    { measure: 'Same, with Application Insights configured', result: `${m.coldStart.firstCallbackAnsweredWithTelemetryMs} ms`, target: 'at most 2,500 ms', met: m.coldStart.firstCallbackAnsweredWithTelemetryMs <= 2500 },
    { measure: "Cold process to an incoming call answered (Graph's answer request received)", result: `${m.coldStart.incomingCallAnsweredMs} ms`, target: 'at most 2,500 ms (answer within 15 s, sent before the 5 s response)', met: m.coldStart.incomingCallAnsweredMs <= 2500 },
    { measure: 'Graph token requests per 1,000 invites', result: `${m.invite.graphTokenRequestsPer1000}`, target: 'at most 1', met: m.invite.graphTokenRequestsPer1000 <= 1 },
  ];
}
