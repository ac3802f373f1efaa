import { beforeAll, describe, expect, it } from 'vitest';
import { RequestCounter } from '../../dev/requestCounter';
import { startTwoInstances } from '../../dev/twoInstances';
import { runBackground } from '../../src/lib/app/backgroundRun';
import { recordInvitation } from '../../src/lib/app/finalizeService';
import { inviteDraft } from '../../src/lib/app/inviteDraft';
import { getServices } from '../../src/lib/app/services';
import { functionKeyCaller } from '../../src/lib/domain/caller';
import { parseInviteBody } from '../../src/lib/graph/inviteRequest';
import type { TimelineView } from '../../src/lib/http/timeline/timelineSchemas';
import { useTestStack, user } from '../support/testStack';

let endpoint = '';
const counter = new RequestCounter(() => endpoint);
// A batch of 8: one due check per shard and pass, so a few checks are more than a pass takes.
const stack = useTestStack({ extraSettings: { SWEEP_BATCH_SIZE: '8', GRAPH_TIMEOUT_MS: '6000' }, wrapHttpClient: (inner) => counter.wrap(inner) });
const quiet = { info: () => {}, warn: () => {} };
// The process's one-time backfill of the sweep index (sweepBackfill.ts) runs now, on an empty table,
// and never again: it would give open invitations a second check.
beforeAll(() => stack().stack.host.runTimer('finalizeInvitations'));
const farFuture = new Date('2999-01-01T00:00:00Z');

/** Every invitation check in the sweeps table for one invitation (the table holds only open work). */
async function openChecks(callId: string, clientContext: string) {
  return (await (await getServices()).sweeps.due('inv', farFuture)).filter((e) => e.callId === callId && e.subject === clientContext);
}

/** The call's retention check (in the call table): whoever closes an invitation's check must leave one. */
async function retentionChecks(callId: string) {
  return (await (await getServices()).sweeps.due('pur', farFuture)).filter((e) => e.callId === callId);
}

describe('a finished invitation leaves no work behind', () => {
  it('answered, declined, refused by Graph, cancelled: each closes its check at its outcome; the call keeps its retention check', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.behaviourFor = { 'cl-declines': 'decline' };
    const callId = t.newCall();
    await t.settle();
    for (const who of ['cl-answers', 'cl-declines']) expect((await t.invite(callId, { participants: [user(who)], clientContext: who })).status).toBe(202);
    sim.scenario.failNext = { status: 403, code: '7503', message: 'Application is not registered in our store.' };
    expect((await t.invite(callId, { participants: [user('cl-refused')], clientContext: 'cl-refused' })).status).toBe(502);
    sim.scenario.ringMs = 5_000;
    const ringing = await t.invite(callId, { participants: [user('cl-cancelled')], clientContext: 'cl-cancelled' });
    expect((await openChecks(callId, 'cl-cancelled')).length).toBe(1);
    expect((await t.api(ringing.headers.get('location') ?? '', { method: 'DELETE' })).status).toBe(200);
    await t.settle();

    const outcomes = await Promise.all(['cl-answers', 'cl-declines', 'cl-refused', 'cl-cancelled'].map(async (cc) => (await t.getJson(`/api/calls/${callId}/invitations?clientContext=${cc}`)).body.status));
    expect(outcomes).toEqual(['completed', 'failed', 'failed', 'failed']);
    for (const cc of ['cl-answers', 'cl-declines', 'cl-refused', 'cl-cancelled']) expect(await openChecks(callId, cc)).toEqual([]);
    expect((await retentionChecks(callId)).length).toBeGreaterThan(0);
  });

  it('an invitation still ringing keeps its check, and the sweep finalizes it at its deadline', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const callId = t.newCall();
    await t.settle();
    expect((await t.invite(callId, { participants: [user('cl-silent')], clientContext: 'cl-silent' })).status).toBe(202);
    expect((await openChecks(callId, 'cl-silent')).length).toBe(1);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(`/api/calls/${callId}/invitations?clientContext=cl-silent`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
    expect(await openChecks(callId, 'cl-silent')).toEqual([]);
  });
});

/** The status of each invitation, one per call, as the API tells it. */
async function statuses(invitations: readonly { callId: string; clientContext: string }[]): Promise<string[]> {
  const t = stack();
  return Promise.all(invitations.map(async (i) => String((await t.getJson(`/api/calls/${i.callId}/invitations?clientContext=${i.clientContext}`)).body.status)));
}

describe('sweep runs are bounded, parallel and leased', () => {
  it('a run given more due checks than its batch processes the batch and leaves the rest for the next run', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    const invitations = Array.from({ length: 16 }, (_, i) => ({ callId: t.newCall(), clientContext: `batch-${i}` }));
    await t.settle();
    for (const i of invitations) expect((await t.invite(i.callId, { participants: [user(i.clientContext)], clientContext: i.clientContext })).status).toBe(202);
    t.advance(121);
    const finishedAfter: number[] = [];
    for (let run = 0; run < 10 && finishedAfter.at(-1) !== invitations.length; run++) {
      await t.stack.host.runTimer('finalizeInvitations');
      finishedAfter.push((await statuses(invitations)).filter((s) => s === 'failed').length);
    }
    // Each run took at most its batch (8: one per shard), and left the rest, which later runs took.
    const perRun = finishedAfter.map((n, i) => n - (finishedAfter[i - 1] ?? 0));
    expect(perRun.every((n) => n > 0 && n <= 8)).toBe(true);
    expect(perRun.length).toBeGreaterThanOrEqual(2);
    expect(finishedAfter.at(-1)).toBe(invitations.length);
    for (const i of invitations) expect(await openChecks(i.callId, i.clientContext)).toEqual([]);
  }, 180_000);

  it('two instances sweeping at the same time never finalize or send one invitation twice', async () => {
    const t = stack();
    const sim = t.stack.simulator.sim;
    sim.scenario.behaviour = 'silent';
    const two = await startTwoInstances(t.stack, { httpClient: t.stack.tls.httpClient });
    try {
      const services = await getServices();
      // Rows whose request died before calling Graph (the sweep sends them), and invitations past their deadline.
      const crashed = Array.from({ length: 8 }, (_, i) => ({ callId: t.newCall(), clientContext: `two-crash-${i}` }));
      const expired = Array.from({ length: 8 }, (_, i) => ({ callId: t.newCall(), clientContext: `two-late-${i}` }));
      await t.settle();
      for (const i of crashed) await recordInvitation(services, inviteDraft(services, i.callId, parseInviteBody({ participants: [user(i.clientContext)], clientContext: i.clientContext }), undefined, functionKeyCaller));
      for (const i of expired) expect((await t.invite(i.callId, { participants: [user(i.clientContext)], clientContext: i.clientContext })).status).toBe(202);
      t.advance(60);
      const all = [...crashed, ...expired];
      for (let round = 0; round < 16 && (await statuses(all)).some((s) => s !== 'failed'); round++) {
        // The host's run and two runs on the second instance, at once (each pass also overlaps the others').
        await Promise.all([t.stack.host.runTimer('finalizeInvitations'), runBackground(two.second, quiet), runBackground(two.second, quiet)]);
        t.advance(40);
      }
      await t.settle();
      // Graph was asked once per crashed row; each invitation has one outcome on its call's timeline.
      for (const i of crashed) expect(sim.invites.filter((r) => r.clientContext === i.clientContext && r.status === 200)).toHaveLength(1);
      expect(await statuses(all)).toEqual(all.map(() => 'failed'));
      for (const i of all) {
        const timeline = (await t.getJson(`/api/calls/${i.callId}/timeline`)).body as unknown as TimelineView;
        expect(timeline.events.filter((e) => e.kind === 'invitationOutcome' && e.clientContext === i.clientContext)).toHaveLength(1);
        expect(timeline.events.filter((e) => e.kind === 'invitationSent' && e.clientContext === i.clientContext)).toHaveLength(1);
      }
    } finally {
      await two.close();
    }
  }, 180_000);

  it('a shard lease is held by one runner at a time, let go at the end of a pass, and taken over once it runs out', async () => {
    const t = stack();
    const first = await getServices();
    const two = await startTwoInstances(t.stack, { httpClient: t.stack.tls.httpClient });
    try {
      const now = first.now();
      const until = new Date(now.getTime() + 60_000);
      const mine = await first.leases.acquire('!sweep-03', 'inv', now, until);
      expect(mine).toBeDefined();
      expect(await two.second.leases.acquire('!sweep-03', 'inv', now, until)).toBeUndefined();
      // Another kind, or another shard, is another lease.
      const other = await two.second.leases.acquire('!sweep-03', 'inb', now, until);
      expect(other).toBeDefined();
      if (mine) await first.leases.release(mine);
      if (other) await two.second.leases.release(other);
      const theirs = await two.second.leases.acquire('!sweep-03', 'inv', now, until);
      expect(theirs).toBeDefined();
      // Its holder died: after `until` another runner takes it, and the dead holder's release leaves it be.
      const later = new Date(until.getTime() + 1);
      const taken = await first.leases.acquire('!sweep-03', 'inv', later, new Date(later.getTime() + 60_000));
      expect(taken).toBeDefined();
      if (theirs) await two.second.leases.release(theirs);
      expect(await two.second.leases.acquire('!sweep-03', 'inv', later, new Date(later.getTime() + 60_000))).toBeUndefined();
      if (taken) await first.leases.release(taken);
    } finally {
      await two.close();
    }
  });
});

describe('no idle bill', () => {
  it('with nothing open the minute timer costs one storage request; an invitation is still finalized at its deadline', async () => {
    const t = stack();
    endpoint = t.stack.settings.STORAGE_TABLE_ENDPOINT ?? '';
    t.stack.simulator.sim.scenario.behaviour = 'silent';
    t.advance(3600); // everything earlier tests left open is due: close it
    for (let run = 0; run < 10; run++) await t.stack.host.runTimer('finalizeInvitations');
    expect(await (await getServices()).sweeps.anyDue(farFuture)).toBe(false);
    counter.reset();
    await t.stack.host.runTimer('finalizeInvitations');
    expect(counter.transactions).toBe(1);

    const callId = t.newCall();
    await t.settle();
    expect((await t.invite(callId, { participants: [user('idle-late')], clientContext: 'idle-late' })).status).toBe(202);
    t.advance(121);
    await t.stack.host.runTimer('finalizeInvitations');
    expect((await t.getJson(`/api/calls/${callId}/invitations?clientContext=idle-late`)).body).toMatchObject({ status: 'failed', outcome: { reason: 'timeout' } });
    counter.enabled = false;
  });
});
