import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { inMemoryTelemetry, type MetricPoint } from '../support/inMemoryTelemetry';
import { useTestStack } from '../support/testStack';

/*
 * The app's telemetry as the OpenTelemetry SDK receives it (its own in-memory exporters), after a
 * morning of real traffic through the local stack: answered, declined and refused invites, a
 * managed identity outage, bad callback tokens.
 */
const telemetry = inMemoryTelemetry();
const stack = useTestStack({ telemetry: telemetry.pipeline });

const ada = { id: '3f0c8a52-9d5e-4a43-8e8a-6f1b2c7d9e01', displayName: 'Ada <b>Lovelace</b>' };
const phone = '+14255550123';
const callerTrace = '0af7651916cd43dd8448eb211c80319c';
let callId = '';
let token = '';

const named = (name: string) => telemetry.spans().filter((s) => s.name === name);
const sum = (points: MetricPoint[], name: string, attributes: Record<string, unknown>) =>
  points
    .filter((p) => p.name === name && Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))
    .reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.count), 0);

beforeAll(async () => {
  const t = stack();
  token = t.auth.authorization ?? '';
  callId = t.newCall();
  await t.settle();
  // Storage's token first; then the managed identity fails, so no Graph token can be had.
  expect((await t.getJson(`/api/calls/${callId}/participants`)).status).toBe(200);
  t.stack.simulator.sim.identity.failManagedIdentity = 1000;
  expect((await t.invite(callId, { participants: [{ identity: { user: { id: 'nobody' } } }], clientContext: 'no-token' })).status).toBe(503);
  t.stack.simulator.sim.identity.failManagedIdentity = 0;
  // Ada answers, in the caller's own trace; the phone declines; Graph refuses the third (7503).
  t.stack.simulator.sim.scenario.behaviourFor = { [phone]: 'decline' };
  const traceparent = `00-${callerTrace}-b7ad6b7169203331-01`;
  expect((await t.invite(callId, { participants: [{ identity: { user: ada } }], clientContext: 'ada-invite' }, { traceparent })).status).toBe(202);
  expect((await t.invite(callId, { participants: [{ identity: { phone: { id: phone } } }], clientContext: 'phone-invite' })).status).toBe(202);
  t.stack.simulator.sim.scenario.failNext = { status: 403, code: '7503', message: 'Application is not registered in our store.' };
  expect((await t.invite(callId, { participants: [{ identity: { user: { id: 'hal' } } }], clientContext: 'refused' })).status).toBe(502);
  await t.settle();
  // Callbacks without a token and with a wrong one.
  const callback = `${t.url}/api/callback`;
  expect((await fetch(callback, { method: 'POST', body: '{"value":[]}' })).status).toBe(401);
  expect((await fetch(callback, { method: 'POST', headers: { authorization: 'Bearer not-a-jwt' }, body: '{"value":[]}' })).status).toBe(401);
}, 60_000);

describe('traces', () => {
  it('an invite request, its Graph call and its Table writes are one trace, continuing the caller\'s', () => {
    const [invite] = named('POST /api/calls/{callId}/participants/invite').filter((s) => s.attributes.clientContext === 'ada-invite');
    expect(invite).toBeDefined();
    const server = invite as ReadableSpan;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(server.attributes).toMatchObject({ callId, clientContext: 'ada-invite', outcome: 'accepted', callerKind: 'application', 'http.response.status_code': 202 });
    expect(server.attributes.callerAppId).toEqual(expect.any(String));
    expect(server.attributes.graphRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const inTrace = telemetry.spans().filter((s) => s.spanContext().traceId === callerTrace);
    const graph = inTrace.filter((s) => s.name === 'Graph POST /communications/calls/{callId}/participants/invite');
    expect(graph).toHaveLength(1);
    expect(graph[0]?.kind).toBe(SpanKind.CLIENT);
    expect(graph[0]?.attributes).toMatchObject({ callId, 'http.response.status_code': 200, graphRequestId: server.attributes.graphRequestId });
    const tables = inTrace.filter((s) => s.name.startsWith('Table '));
    // Recorded, claimed, Graph's answer written: three Table writes (and any reads) under the request.
    expect(tables.filter((s) => s.name !== 'Table GET entity').length).toBeGreaterThanOrEqual(3);
    const ids = new Set(inTrace.map((s) => s.spanContext().spanId));
    for (const child of [...graph, ...tables]) expect(ids.has(child.parentSpanContext?.spanId ?? '')).toBe(true);
  });

  it("a callback's span carries the call, the clientContext, the operation and Graph's scenario id", () => {
    const callbacks = named('POST /api/callback').filter((s) => s.attributes.clientContext === 'ada-invite' && s.attributes.operationId !== undefined);
    expect(callbacks.length).toBeGreaterThanOrEqual(1);
    expect(callbacks[0]?.attributes).toMatchObject({ callId, result: 'applied', kind: 'operation', 'http.response.status_code': 202 });
    expect(callbacks[0]?.attributes.scenarioId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('log records carry their dimensions as attributes, in the trace of their request', () => {
    const items = telemetry.logs().filter((l) => l.body === 'notification item' && l.attributes.clientContext === 'ada-invite');
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0]?.attributes).toMatchObject({ callId, clientContext: 'ada-invite', kind: 'operation', result: 'applied' });
    const traces = new Set(named('POST /api/callback').map((s) => s.spanContext().traceId));
    expect(traces.has(items[0]?.spanContext?.traceId ?? '')).toBe(true);
    const rejected = telemetry.logs().find((l) => l.body === 'invite rejected by Graph');
    expect(rejected?.attributes).toMatchObject({ callId, clientContext: 'refused', graphStatus: 403, graphErrorCode: '7503', outcome: 'rejected' });
  });
});

describe('metrics', () => {
  it('count invitations by outcome and reason, and time them', async () => {
    const points = await telemetry.metrics();
    expect(sum(points, 'invitations.outcomes', { outcome: 'completed' })).toBe(1);
    expect(sum(points, 'invitations.outcomes', { outcome: 'failed', reason: 'operationFailed' })).toBe(1);
    expect(sum(points, 'invitations.outcomes', { outcome: 'failed', reason: 'graphRejected' })).toBe(1);
    expect(sum(points, 'invitations.time_to_outcome', {})).toBe(3);
  });

  it("count notifications, Graph's answers by class, callback refusals and token failures", async () => {
    const points = await telemetry.metrics();
    expect(sum(points, 'notifications.items', { result: 'applied', kind: 'operation' })).toBe(2);
    expect(sum(points, 'notifications.items', { result: 'applied', kind: 'roster' })).toBeGreaterThanOrEqual(1);
    expect(sum(points, 'graph.responses', { status: 200, class: 'ok' })).toBe(2);
    expect(sum(points, 'graph.responses', { status: 403, class: 'botNotRegistered', graphErrorCode: '7503' })).toBe(1);
    expect(sum(points, 'callback.auth_failures', { reason: 'missingToken' })).toBe(1);
    expect(sum(points, 'callback.auth_failures', { reason: 'invalidToken' })).toBe(1);
    expect(sum(points, 'tokens.failures', { target: 'graph' })).toBeGreaterThanOrEqual(1);
    // Metrics are aggregates: no call id in their attributes.
    expect(points.filter((p) => 'callId' in p.attributes)).toEqual([]);
  });
});

describe('personal data', () => {
  it('reaches no span, log record or metric: no names, phone numbers, invitee ids, tokens', async () => {
    const everything = JSON.stringify([
      telemetry.spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      telemetry.logs().map((l) => ({ body: l.body, attributes: l.attributes })),
      await telemetry.metrics(),
    ]);
    expect(everything).toContain(callId);
    for (const secret of ['Lovelace', 'Ada', ada.id, phone, phone.slice(1), token.replace(/^Bearer /, ''), 'Bearer', 'eyJ', 'not-a-jwt']) {
      expect(everything, secret).not.toContain(secret);
    }
  });
});
