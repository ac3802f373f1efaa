import { describe, expect, it } from 'vitest';
import { useTestStack } from '../support/testStack';

// As in Azure: WEBHOOK_URL_POLICY public (the default there), https to public addresses only.
const stack = useTestStack({
  extraSettings: { WEBHOOK_URL_POLICY: 'public' },
  resolve: async (host) => (host === 'public.test' ? [{ address: '20.50.2.1', family: 4 }] : [{ address: '10.9.8.7', family: 4 }]),
});

describe('notification URLs in Azure mode', () => {
  it.each([
    ['http, even to a public name', 'http://public.test/hooks'],
    ['http to loopback', 'http://127.0.0.1:8080/hooks'],
    ['https to loopback', 'https://127.0.0.1/hooks'],
    ['the metadata address', 'https://169.254.169.254/metadata/instance'],
    ["Azure's platform address", 'https://168.63.129.16/'],
    ['a private range', 'https://172.16.0.1/'],
    ['carrier-grade NAT (another cloud metadata address)', 'https://100.100.100.200/'],
    ['a name resolving to a private address', 'https://internal.test/hooks'],
  ])('refuses %s (400, nothing stored)', async (_what, notificationUrl) => {
    const t = stack();
    const before = await t.tableRows();
    const response = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl, events: ['call.ended'] }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'urn:graph-call-invites:problem:validation-failed', errors: [{ path: 'notificationUrl' }] });
    expect(await t.tableRows()).toEqual(before);
  });

  it('accepts https to a public name', async () => {
    const t = stack();
    const response = await t.api('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notificationUrl: 'https://public.test/hooks', events: ['call.ended'] }) });
    expect(response.status).toBe(201);
  });
});
