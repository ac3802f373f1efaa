import { TableClient } from '@azure/data-tables';
import { ManagedIdentityCredential } from '@azure/identity';
import { setTimeout as sleep } from 'node:timers/promises';
import { requestToken } from '../dev/callerToken';
import type { LocalStack } from '../dev/localStack';
import type { RequestCounter } from '../dev/requestCounter';
import { getServices } from '../src/lib/app/services';
import { writeBehindMs } from '../src/lib/storage/sweepWriteBehind';
import { getConfig } from '../src/lib/config/config';
import { shards } from '../src/lib/storage/sweepIndex';
import { percentile, round } from './stats';

export interface BackgroundPlan {
  /** Invitations a second, and for how long, with the timers on their real schedules. */
  readonly rate: number;
  readonly sustainedSeconds: number;
  /** A burst: this many invitations within one minute, all left unanswered (finalized at their deadline). */
  readonly burst: number;
  /** How long the idle app is watched (scaled to an hour). */
  readonly idleSeconds: number;
  /** Calls the invitations are spread over. */
  readonly calls: number;
}

/** How many checks are due and how overdue the oldest is, by kind, read with a client of its own (not counted). */
async function dueBacklog(work: TableClient, now: Date): Promise<{ due: number; oldestOverdueMs: number; byKind: Record<string, { due: number; oldestOverdueMs: number }> }> {
  const byKind: Record<string, { due: number; oldestOverdueMs: number }> = {};
  await Promise.all(
    ['dlv', 'evt', 'inb', 'inv'].map(async (kind) => {
      let due = 0;
      let oldest = Infinity;
      await Promise.all(
        shards.map(async (shard) => {
          const filter = `PartitionKey eq '${shard}' and RowKey ge '${kind}:' and RowKey lt '${kind}:${now.toISOString()}'`;
          for await (const e of work.listEntities<{ due?: Date }>({ queryOptions: { filter, select: ['RowKey', 'due'] } })) {
            due++;
            const at = e.due instanceof Date ? e.due.getTime() : Date.parse(String(e.due));
            if (at < oldest) oldest = at;
          }
        }),
      );
      byKind[kind] = { due, oldestOverdueMs: due === 0 ? 0 : now.getTime() - oldest };
    }),
  );
  const kinds = Object.values(byKind);
  return { due: kinds.reduce((a, k) => a + k.due, 0), oldestOverdueMs: Math.max(0, ...kinds.map((k) => k.oldestOverdueMs)), byKind };
}

interface Invited {
  readonly callId: string;
  readonly clientContext: string;
  readonly silent: boolean;
}

/** Sends invitations at `rate` a second (not waiting for one before the next), up to 64 in flight. */
async function inviteAtRate(stack: LocalStack, authorization: string, list: readonly Invited[], rate: number, forMs = Infinity): Promise<{ failed: number; sent: number }> {
  let failed = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const [i, inv] of list.entries()) {
    // The plan's time is up (the machine could not keep the rate): what was sent is the sample.
    if (performance.now() - started >= forMs) break;
    sent++;
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= 64) await Promise.race(inFlight);
    const p = fetch(`${stack.host.url}/api/calls/${inv.callId}/participants/invite`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ participants: [{ identity: { user: { id: inv.clientContext } } }], clientContext: inv.clientContext }),
    })
      .then(async (r) => {
        await r.arrayBuffer();
        if (r.status !== 202) failed++;
      })
      .catch(() => {
        failed++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { failed, sent };
}

/** How late after its deadline each unanswered invitation was finalized (s), and those still open. */
async function lateness(list: readonly Invited[]): Promise<{ open: number; lateSeconds: number[] }> {
  const services = await getServices();
  let open = 0;
  const lateSeconds: number[] = [];
  for (const inv of list.filter((i) => i.silent)) {
    const stored = (await services.invitations.getInvitation(inv.callId, inv.clientContext))?.value;
    if (!stored?.completedAt) {
      open++;
      continue;
    }
    lateSeconds.push((Date.parse(stored.completedAt) - Date.parse(stored.deadline)) / 1000);
  }
  return { open, lateSeconds };
}

/**
 * What an answered invitation costs, apart from its notifications' own writes: the invite path,
 * then its notifications (delivered one call at a time), then what is left for the sweeps. Each
 * invitation on a call of its own, so each pays the same first-contact costs.
 */
async function answeredInvitationCost(stack: LocalStack, counter: RequestCounter, work: TableClient, authorization: string) {
  const sim = stack.simulator.sim;
  const n = 50;
  const calls = Array.from({ length: n }, () => sim.createCall(`${stack.host.url}/api/callback`).id);
  await sim.idle();
  sim.scenario.hold = true;
  counter.reset();
  await inviteAtRate(stack, authorization, calls.map((callId, i) => ({ callId, clientContext: `cost-${i}`, silent: false })), 1000);
  await sim.idle();
  counter.enabled = false;
  const invitePath = counter.transactions / n;
  sim.scenario.hold = false;
  counter.reset();
  let notifications = 0;
  for (const callId of calls) notifications += (await sim.release(callId)).length;
  // The checks closed behind the outcomes (sweepWriteBehind.ts) are counted with them.
  await sleep(writeBehindMs + 250);
  await (await getServices()).sweepWrites.idle();
  counter.enabled = false;
  const notificationPath = counter.transactions;
  // Of those, the checks' closes (and nothing else here writes the sweeps' partitions).
  const closeTransactions = counter.sweepWrites;
  // Checks left for the sweeps to visit (before this design: every one, 3 requests each).
  let openChecks = 0;
  for await (const e of work.listEntities<{ call?: string }>({ queryOptions: { filter: "RowKey ge 'inv:' and RowKey lt 'inv;'", select: ['call'] } })) if (calls.includes(String(e.call))) openChecks++;
  return {
    invitations: n,
    invitePathRequests: round(invitePath, 2),
    notifications,
    notificationRequests: notificationPath,
    notificationRequestsPerInvitation: round(notificationPath / n, 2),
    closeTransactions,
    perInvitation: round(invitePath + closeTransactions / n, 2),
    checksLeftForSweeps: openChecks,
  };
}

const summary = (values: readonly number[]) => ({ p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values, 0)) });

/**
 * The background work under load, with the timers on their real schedules (the local host fires
 * them as the Functions host does: a tick whose previous run is busy is skipped and counted):
 * an idle app's cost, sustained invitations with their notifications, a burst of unanswered ones.
 */
export async function measureBackground(stack: LocalStack, counter: RequestCounter, plan: BackgroundPlan, log: (line: string) => void) {
  const sim = stack.simulator.sim;
  const config = getConfig();
  const work = new TableClient(stack.settings.STORAGE_TABLE_ENDPOINT ?? '', config.sweepTableName, new ManagedIdentityCredential({ clientId: stack.settings.MANAGED_IDENTITY_CLIENT_ID ?? '', httpClient: stack.tls.httpClient }), { httpClient: stack.tls.httpClient });
  const authorization = `Bearer ${await requestToken(stack, stack.simulator.localCallers.bot.appId)}`;
  const perInvitation = await answeredInvitationCost(stack, counter, work, authorization);
  log(`per answered invitation: ${JSON.stringify(perInvitation)}`);
  const timers = stack.host.startSchedules();
  try {
    // 1. Idle: no calls, nothing open (once the runs have cleared what the step above left: its
    // events, for no subscriber), and this process's one-time backfill read done.
    for (;;) {
      const open = await dueBacklog(work, new Date(Date.now() + 3_600_000));
      if (open.due === 0 && (timers.runs.get('finalizeInvitations') ?? 0) > 0) break;
      log(`waiting for open work to clear: ${open.due} checks, ${timers.runs.get('finalizeInvitations') ?? 0} runs`);
      await sleep(10_000);
    }
    await sleep(2_000);
    const runsBefore = [...timers.runs.values()].reduce((a, b) => a + b, 0);
    counter.reset();
    await sleep(plan.idleSeconds * 1000);
    counter.enabled = false;
    const idleRuns = [...timers.runs.values()].reduce((a, b) => a + b, 0) - runsBefore;
    const idle = { seconds: plan.idleSeconds, timerExecutions: idleRuns, storageRequests: counter.transactions, perHour: { timerExecutions: round((idleRuns * 3600) / plan.idleSeconds), storageRequests: round((counter.transactions * 3600) / plan.idleSeconds) } };
    log(`idle: ${JSON.stringify(idle)}`);

    // 2. Sustained: `rate` invitations a second, a quarter never answered (the sweep finalizes them).
    const calls = Array.from({ length: plan.calls }, () => sim.createCall(`${stack.host.url}/api/callback`).id);
    await sim.idle();
    const total = plan.rate * plan.sustainedSeconds;
    const sustained: Invited[] = Array.from({ length: total }, (_, i) => ({ callId: calls[i % calls.length] ?? '', clientContext: `bg-${i}`, silent: i % 4 === 3 }));
    for (const inv of sustained) if (inv.silent) sim.scenario.behaviourFor[inv.clientContext] = 'silent';
    const samples: Awaited<ReturnType<typeof dueBacklog>>[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await dueBacklog(work, new Date()));
        await sleep(5_000);
      }
    })();
    const skippedBefore = new Map(timers.skipped);
    const durationsFrom = new Map([...timers.durations].map(([k, v]) => [k, v.length]));
    counter.reset();
    const started = Date.now();
    const sent = await inviteAtRate(stack, authorization, sustained, plan.rate, plan.sustainedSeconds * 1000);
    const invited = sustained.slice(0, sent.sent);
    const sendSeconds = (Date.now() - started) / 1000;
    // Until every unanswered one is past its deadline and a run has had its chance.
    const deadlineWait = config.invitationTimeoutSeconds * 1000 + 75_000;
    await sleep(Math.max(0, started + sendSeconds * 1000 + deadlineWait - Date.now()));
    await sim.idle();
    counter.enabled = false;
    sampling = false;
    await sampler;
    const sustainedLate = await lateness(invited);
    const runMs = [...timers.durations].flatMap(([k, v]) => (k === 'finalizeInvitations' ? v.slice(durationsFrom.get(k) ?? 0) : []));
    const skipped = Object.fromEntries([...timers.skipped].map(([k, v]) => [k, v - (skippedBefore.get(k) ?? 0)]));
    const result = {
      invitations: sent.sent,
      planned: total,
      rejectedOrFailedRequests: sent.failed,
      sendSeconds: round(sendSeconds),
      achievedRate: round(sent.sent / sendSeconds),
      maxDueBacklog: Math.max(0, ...samples.map((s) => s.due)),
      maxOldestOverdueSeconds: round(Math.max(0, ...samples.map((s) => s.oldestOverdueMs)) / 1000),
      // The sweeps' own kinds (invitations, replay) apart from the webhook fallback's (issue-atonce's part).
      byKind: Object.fromEntries(['inv', 'inb', 'evt', 'dlv'].map((k) => [k, { maxDue: Math.max(0, ...samples.map((s) => s.byKind[k]?.due ?? 0)), maxOldestOverdueSeconds: round(Math.max(0, ...samples.map((s) => s.byKind[k]?.oldestOverdueMs ?? 0)) / 1000) }])),
      ticksSkipped: skipped,
      minuteRunSeconds: summary(runMs.map((ms) => ms / 1000)),
      unansweredFinalizedLateSeconds: summary(sustainedLate.lateSeconds),
      unansweredStillOpen: sustainedLate.open,
      storageRequestsPerInvitation: round(counter.transactions / sent.sent, 2),
    };
    log(`sustained: ${JSON.stringify(result)}`);

    // 3. A burst: `burst` unanswered invitations within one minute; all due at about the same time.
    const burstList: Invited[] = Array.from({ length: plan.burst }, (_, i) => ({ callId: calls[i % calls.length] ?? '', clientContext: `burst-${i}`, silent: true }));
    for (const inv of burstList) sim.scenario.behaviourFor[inv.clientContext] = 'silent';
    const burstSkippedBefore = new Map(timers.skipped);
    const burstStarted = Date.now();
    const burstSent = await inviteAtRate(stack, authorization, burstList, plan.burst / 55, 60_000);
    const burstSendSeconds = round((Date.now() - burstStarted) / 1000);
    await sleep(Math.max(0, burstStarted + 60_000 + config.invitationTimeoutSeconds * 1000 + 60_000 - Date.now()));
    const burstLate = await lateness(burstList.slice(0, burstSent.sent));
    const burst = {
      invitations: burstSent.sent,
      planned: plan.burst,
      rejectedOrFailedRequests: burstSent.failed,
      sendSeconds: burstSendSeconds,
      finalizedLateSeconds: summary(burstLate.lateSeconds),
      stillOpen: burstLate.open,
      ticksSkipped: Object.fromEntries([...timers.skipped].map(([k, v]) => [k, v - (burstSkippedBefore.get(k) ?? 0)])),
    };
    log(`burst: ${JSON.stringify(burst)}`);
    return { plan, perInvitation, idle, sustained: result, burst };
  } finally {
    await timers.stop();
  }
}
