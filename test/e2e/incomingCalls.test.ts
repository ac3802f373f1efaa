import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTestStack, user, type TestStack } from '../support/testStack';
import { startReceiver } from '../support/webhookReceiver';

// Answer callers of the bot's own tenant (the default allow-list), reject the others.
const stack = useTestStack({ extraSettings: { INCOMING_CALL_POLICY: 'answer' } });
let t: TestStack;
beforeEach(() => {
  t = stack();
});

const ada = 'a0b1c2d3-e4f5-a6b7-c8d9-e0f1a2b3c4d5';
const sim = () => t.stack.simulator.sim;
const callback = () => `${t.url}/api/callback`;
const colleague = () => ({ user: { id: randomUUID(), displayName: 'Colleague', tenantId: sim().settings.tenantId } });

/** What the app stored about the call (its call row), the ground truth of "recorded". */
async function storedCall(callId: string): Promise<{ state: string; incoming: Record<string, unknown> | undefined }> {
  const row = (await t.tableRows()).find((r) => r.rowKey === 'call' && r.callId === callId);
  expect(row).toBeDefined();
  return { state: String(row?.state), incoming: typeof row?.incoming === 'string' ? (JSON.parse(row.incoming) as Record<string, unknown>) : undefined };
}

describe('calls ringing the bot (INCOMING_CALL_POLICY=answer)', () => {
  it('is answered within the window: Graph gets one answer, the call establishes, and an invite into it reaches Graph', async () => {
    const caller = colleague();
    const callId = sim().incoming.ring(callback(), { caller });
    await t.settle();
    const answers = sim().incoming.answers.filter((a) => a.callId === callId);
    expect(answers).toEqual([
      expect.objectContaining({
        callId,
        status: 202,
        late: false,
        body: { callbackUri: callback(), acceptedModalities: ['audio'], mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' } },
      }),
    ]);
    const stored = await storedCall(callId);
    expect(stored.state).toBe('established');
    expect(stored.incoming).toMatchObject({ result: 'answered', caller: { kind: 'user', id: caller.user.id }, tenantId: sim().settings.tenantId });
    expect(typeof stored.incoming?.receivedAt).toBe('string');

    const response = await t.invite(callId, { participants: [user(ada, 'Ada')], clientContext: 'into-answered' });
    expect(response.status).toBe(202);
    await t.settle();
    expect(sim().invites.filter((i) => i.callId === callId)).toEqual([expect.objectContaining({ clientContext: 'into-answered', status: 200 })]);
    expect((await t.getJson(response.headers.get('location') ?? '')).body).toMatchObject({ status: 'completed' });

    // The answered call is one the bot is in: listed with the calls it placed or joined, until it ends.
    const listed = async () => ((await t.getJson('/api/calls?state=active')).body.value as { callId: string }[]).map((c) => c.callId);
    expect(await listed()).toContain(callId);
    sim().endCall(callId);
    await t.settle();
    expect(await listed()).not.toContain(callId);
  });

  it('a caller the policy does not allow is rejected as forbidden, and nothing is answered', async () => {
    const stranger = { user: { id: randomUUID(), displayName: 'Stranger', tenantId: randomUUID() } };
    const callId = sim().incoming.ring(callback(), { caller: stranger });
    await t.settle();
    expect(sim().incoming.rejects.filter((r) => r.callId === callId)).toEqual([{ callId, status: 202, reason: 'forbidden' }]);
    expect(sim().incoming.answers.filter((a) => a.callId === callId)).toEqual([]);
    const stored = await storedCall(callId);
    expect(stored.incoming).toMatchObject({ result: 'rejected', rejectReason: 'forbidden' });
    expect(stored.state).toBe('terminated');
  });

  it('answered after the window (the simulator declares it over): Graph drops the call and it is recorded as missed', async () => {
    sim().scenario.answerWindowMs = 0;
    const callId = sim().incoming.ring(callback(), { caller: colleague() });
    await t.settle();
    expect(sim().incoming.answers.filter((a) => a.callId === callId)).toEqual([expect.objectContaining({ status: 202, late: true })]);
    const stored = await storedCall(callId);
    expect(stored.state).toBe('terminated');
    expect(stored.incoming).toMatchObject({ result: 'missed' });
    const roster = await t.getJson(`/api/calls/${callId}/participants`);
    expect(roster.body).toMatchObject({ state: 'terminated', resultInfo: { code: 480, subcode: 10076 } });
  });

  it("Graph refusing the answer (a bot without calling enabled: 403, nested 7503) is recorded as failed with Graph's code", async () => {
    const botAppId = sim().settings.botAppId;
    sim().registeredAppIds.delete(botAppId);
    try {
      const callId = sim().incoming.ring(callback(), { caller: colleague() });
      await t.settle();
      expect(sim().incoming.answers.filter((a) => a.callId === callId)).toEqual([expect.objectContaining({ status: 403 })]);
      expect((await storedCall(callId)).incoming).toMatchObject({ result: 'failed', failure: '7503' });
    } finally {
      sim().registeredAppIds.add(botAppId);
    }
  });

  it('a duplicated incoming notification, delivered twice at once, is answered once', async () => {
    sim().scenario.hold = true;
    const callId = sim().incoming.ring(callback(), { caller: colleague() });
    sim().scenario.hold = false;
    const statuses = await sim().release(callId, { copies: 2, concurrency: 2 });
    expect(statuses).toEqual([202, 202]);
    await t.settle();
    expect(sim().incoming.answers.filter((a) => a.callId === callId)).toHaveLength(1);
    expect((await storedCall(callId)).incoming).toMatchObject({ result: 'answered' });
  });

  it('an invite into a group call keeps its chatInfo and meetingInfo', async () => {
    const chatInfo = { '@odata.type': '#microsoft.graph.chatInfo', threadId: '19:meeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2E0ODdmZDZk@thread.v2', messageId: '0', replyChainMessageId: null };
    const meetingInfo = {
      '@odata.type': '#microsoft.graph.organizerMeetingInfo',
      organizer: { '@odata.type': '#microsoft.graph.identitySet', user: { id: randomUUID(), tenantId: sim().settings.tenantId, displayName: 'Organizer' } },
    };
    const callId = sim().incoming.ring(callback(), { caller: colleague(), chatInfo, meetingInfo });
    await t.settle();
    expect((await storedCall(callId)).incoming).toMatchObject({ result: 'answered', chatInfo, meetingInfo });
  });
});

describe('Power Automate trigger "When someone calls the bot"', () => {
  let flow: Awaited<ReturnType<typeof startReceiver>> | undefined;
  afterEach(async () => {
    await flow?.close();
  });

  it('delivers who called and what the bot did, once per call: answered, and rejected', async () => {
    flow = await startReceiver(() => 202);
    const registered = await t.api('/api/subscriptions/triggers/incoming-call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: flow.url }) });
    expect(registered.status).toBe(201);
    const subscription = (await registered.json()) as Record<string, unknown>;
    expect(subscription).toMatchObject({ events: ['call.incoming'], callId: null });
    flow.useSecret(String(subscription.secret));
    const caller = colleague();
    const answeredId = sim().incoming.ring(callback(), { caller });
    const rejectedId = sim().incoming.ring(callback(), { caller: { user: { id: randomUUID(), tenantId: randomUUID() } } });
    await t.settle();
    await t.stack.host.runTimer('deliverWebhooks');
    const bodies = flow.received.filter((d) => d.verified).map((d) => d.body);
    expect(bodies).toHaveLength(2);
    expect(bodies.find((b) => b.data.callId === answeredId)).toMatchObject({
      type: 'call.incoming',
      data: { result: 'answered', caller: { kind: 'user', id: caller.user.id, displayName: 'Colleague', tenantId: sim().settings.tenantId }, rejectReason: null, chatInfo: null },
    });
    expect(bodies.find((b) => b.data.callId === rejectedId)).toMatchObject({ type: 'call.incoming', data: { result: 'rejected', rejectReason: 'forbidden' } });
    expect((await t.api(registered.headers.get('location') ?? '', { method: 'DELETE' })).status).toBe(204);
  });
});
