import { requestToken } from '../dev/callerToken';
import type { LocalStack } from '../dev/localStack';
import type { RequestCounter } from '../dev/requestCounter';
import { percentile, round } from './stats';

async function counted(counter: RequestCounter, action: () => Promise<unknown>) {
  counter.reset();
  const started = performance.now();
  await action();
  const ms = performance.now() - started;
  counter.enabled = false;
  return { reads: counter.reads, writes: counter.writes, rowsWritten: counter.entitiesWritten, ms: round(ms, 1) };
}

/** Full rosters of n participants, once with one change and once with every participant changed. */
export async function measureRosters(stack: LocalStack, counter: RequestCounter, sizes: readonly number[]) {
  const sim = stack.simulator.sim;
  const rows = [];
  for (const size of sizes) {
    const call = sim.createCall(`${stack.host.url}/api/callback`);
    await sim.idle();
    const people = Array.from({ length: size - 1 }, (_, i) => call.add({ user: { id: `r${size}-${i}` } }));
    await sim.post(call, [call.roster({ legacy: false })]);
    call.mute(people[0]?.id ?? '', true);
    // Field-sized entries (~2 KB each: media streams, endpoint and client details).
    const item = call.roster({ legacy: false });
    const bodyKiB = round(Buffer.byteLength(JSON.stringify({ value: [item] })) / 1024, 0);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 2);
    const one = await counted(counter, () => sim.post(call, [item]));
    clearInterval(sampler);
    const peakMemoryMiB = round((Math.max(rssPeak, process.memoryUsage().rss) - rssBefore) / 1024 / 1024, 1);
    for (const p of people) call.mute(p.id, !p.isMuted);
    const all = await counted(counter, () => sim.post(call, [call.roster({ legacy: false })]));
    rows.push({ participants: size, bodyKiB, peakMemoryMiB, oneChanged: one, allChanged: all });
  }
  return rows;
}

/** A bot's invite request headers: its Entra token (the local bot holds Invitations.Invite). */
async function inviteHeaders(stack: LocalStack): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', authorization: `Bearer ${await requestToken(stack, stack.simulator.localCallers.bot.appId)}` };
}

/** Invite latency our code adds to the Graph simulator's own time, and tokens per 1,000 invites. */
export async function measureInvites(stack: LocalStack, counter: RequestCounter, count: number) {
  const sim = stack.simulator.sim;
  sim.scenario.behaviour = 'silent';
  const call = sim.createCall(`${stack.host.url}/api/callback`);
  await sim.idle();
  const headers = await inviteHeaders(stack);
  const invite = (i: number) =>
    fetch(`${stack.host.url}/api/calls/${call.id}/participants/invite`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ participants: [{ identity: { user: { id: `inv-${i}` } } }], clientContext: `bench-${Date.now()}-${i}` }),
    });
  await (await invite(-1)).arrayBuffer(); // tokens and clients warm, as in a warm instance
  const tokensBefore = { ...sim.identity.counters };
  const added: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await invite(i);
    await response.arrayBuffer();
    const total = performance.now() - started;
    if (response.status !== 202) throw new Error(`invite answered ${response.status}`);
    const graphMs = sim.invites[sim.invites.length - 1]?.durationMs ?? 0;
    totals.push(total);
    added.push(total - graphMs);
  }
  const tokenRequests = sim.identity.counters.entra - tokensBefore.entra + (sim.identity.counters.managedIdentity - tokensBefore.managedIdentity);
  const roundTrips = await counted(counter, async () => (await invite(count)).arrayBuffer());
  sim.scenario.behaviour = 'answer';
  return {
    invites: count,
    totalP50Ms: round(percentile(totals, 50), 2),
    addedP50Ms: round(percentile(added, 50), 2),
    addedP99Ms: round(percentile(added, 99), 2),
    graphTokenRequestsPer1000: round((tokenRequests / count) * 1000, 2),
    roundTrips: { reads: roundTrips.reads, writes: roundTrips.writes },
  };
}

/** An operation notification for a pending invitation: what the callback costs in storage. */
export async function measureOperationNotification(stack: LocalStack, counter: RequestCounter) {
  const sim = stack.simulator.sim;
  sim.scenario.hold = true;
  const call = sim.createCall(`${stack.host.url}/api/callback`);
  await fetch(`${stack.host.url}/api/calls/${call.id}/participants/invite`, {
    method: 'POST',
    headers: await inviteHeaders(stack),
    body: JSON.stringify({ participants: [{ identity: { user: { id: 'op-bench' } } }], clientContext: 'op-bench' }),
  });
  await sim.idle();
  sim.scenario.hold = false;
  const operation = (sim.held.get(call.id) ?? []).find((i) => String(i.resourceUrl).includes('/operations/'));
  sim.held.delete(call.id);
  if (!operation) throw new Error('no operation notification');
  const result = await counted(counter, () => sim.post(call, [operation]));
  return { reads: result.reads, writes: result.writes };
}
