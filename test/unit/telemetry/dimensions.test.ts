import { describe, expect, it } from 'vitest';
import { graphAnswerClass } from '../../../src/lib/telemetry/appMetrics';
import { dimensionsOf, isDimension } from '../../../src/lib/telemetry/dimensions';
import { escapeHtml } from '../../../src/lib/http/timeline/htmlText';

describe('dimensionsOf: the allow-list', () => {
  it('keeps the named ids, outcomes and counts, and nothing else', () => {
    const fields = {
      callId: 'c1',
      clientContext: 'flow-run-42',
      graphRequestId: 'r1',
      outcome: 'accepted',
      participants: 3,
      open: true,
      displayName: 'Ada Lovelace',
      phone: '+14255550100',
      callerId: 'user-object-id',
      authorization: 'Bearer eyJ...',
      identity: { user: { id: 'u1' } },
    };
    expect(dimensionsOf(fields)).toEqual({ callId: 'c1', clientContext: 'flow-run-42', graphRequestId: 'r1', outcome: 'accepted', participants: 3 });
    for (const name of ['displayName', 'phone', 'callerId', 'authorization', 'identity', 'participantIds', 'invitees', 'token']) expect(isDimension(name), name).toBe(false);
  });

  it('keeps only plain values: no arrays, objects or non-finite numbers; strings cut at 256', () => {
    expect(dimensionsOf({ callId: ['a'], operationId: { id: 'x' }, attempts: Number.NaN, sent: Infinity, status: undefined })).toEqual({});
    expect(dimensionsOf({ clientContext: 'x'.repeat(300), applied: 0, error: 'RestError' })).toEqual({ clientContext: 'x'.repeat(256), applied: 0, error: 'RestError' });
  });
});

describe("Graph's answers in the alerts' classes", () => {
  it('tells throttling, the unregistered bot, other refusals and server errors apart', () => {
    expect([429, 503].map((s) => graphAnswerClass(s, undefined))).toEqual(['throttled', 'throttled']);
    expect(graphAnswerClass(403, '7503')).toBe('botNotRegistered');
    expect(graphAnswerClass(403, 'Forbidden')).toBe('refused');
    expect(graphAnswerClass(404, undefined)).toBe('refused');
    expect(graphAnswerClass(500, undefined)).toBe('serverError');
    expect(graphAnswerClass(504, undefined)).toBe('serverError');
    expect(graphAnswerClass(200, undefined)).toBe('ok');
    expect(graphAnswerClass(399, undefined)).toBe('ok');
  });
});

describe('escapeHtml', () => {
  it('leaves no markup in a value', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')"> & co`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});
