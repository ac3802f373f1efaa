import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServiceOverrides } from '../../src/lib/app/services';
import { openTestStack, type TestStack } from '../support/testStack';

let t: TestStack;
let callId: string;
beforeAll(async () => {
  t = await openTestStack();
  callId = t.newCall();
  await t.settle();
});
afterAll(async () => {
  await t?.close();
});

const rosterEnvelope = () => ({
  value: [
    {
      changeType: 'updated',
      resourceUrl: `/communications/calls/${callId}/participants`,
      resourceData: [{ id: 'intruder', info: { identity: { user: { id: 'mallory' } } }, rosterSequenceNumber: 99 }],
    },
  ],
});

async function post(authorization: string | undefined, body: unknown, contentType = 'application/json') {
  return fetch(`${t.url}/api/callback`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('callback authentication', () => {
  it('rejects bad tokens with 401 problem+json before reading the body, changing nothing', async () => {
    const sim = t.stack.simulator.sim;
    const before = await t.tableRows();
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ tid: sim.settings.tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: 'unknown' })
      .setIssuer('https://graph.microsoft.com')
      .setAudience(sim.settings.botAppId)
      .setExpirationTime('1h')
      .sign(privateKey);
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      undefined,
      'Basic abc',
      'Bearer not-a-jwt',
      `Bearer ${forged}`,
      `Bearer ${await sim.callbackToken({ aud: 'some-other-bot' })}`,
      `Bearer ${await sim.callbackToken({ iss: 'https://evil.example.com' })}`,
      `Bearer ${await sim.callbackToken({ tid: undefined })}`,
      `Bearer ${await sim.callbackToken({ exp: now - 3600, nbf: now - 7200, iat: now - 7200 })}`,
      `Bearer ${await sim.callbackToken({ nbf: now + 3600 })}`,
    ];
    for (const authorization of bad) {
      const response = await post(authorization, rosterEnvelope());
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { status: number; detail: string };
      expect(problem.status).toBe(401);
      expect(JSON.stringify(problem)).not.toContain(authorization?.slice(7, 40) || '\u0000');
    }
    expect(await t.tableRows()).toEqual(before);
  });

  it('accepts a trailing-slash issuer and a token within the clock skew', async () => {
    const sim = t.stack.simulator.sim;
    const now = Math.floor(Date.now() / 1000);
    const token = await sim.callbackToken({ iss: 'https://graph.microsoft.com/', exp: now - 120 });
    expect((await post(`Bearer ${token}`, { value: [] })).status).toBe(202);
  });

  it('acknowledges items it does not understand, and rejects what is not an envelope', async () => {
    const token = `Bearer ${await t.stack.simulator.sim.callbackToken()}`;
    const before = await t.tableRows();
    const odd = { value: [{ resourceUrl: '/me/events/1', resourceData: {} }, 42, { changeType: 'deleted', resourceUrl: `/communications/calls/${callId}/operations/x`, resourceData: { '@odata.type': '#microsoft.graph.playPromptOperation', status: 'completed', clientContext: 'c' } }, { changeType: 'deleted', resourceUrl: `/communications/calls/${callId}/operations/y`, resourceData: { status: 'completed', clientContext: 'nobody' } }] };
    expect((await post(token, odd)).status).toBe(202);
    expect(await t.tableRows()).toEqual(before);
    for (const [body, type] of [['{"value": [', 'application/json'], [{ notValue: [] }, 'application/json'], [{ value: [] }, 'text/plain']] as const) {
      const response = await post(token, body, type);
      expect([400, 415]).toContain(response.status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await t.tableRows()).toEqual(before);
  });

  it('keeps working on cached keys when the keys endpoint is down; without keys it answers 503', async () => {
    const sim = t.stack.simulator.sim;
    const token = `Bearer ${await sim.callbackToken()}`;
    expect((await post(token, { value: [] })).status).toBe(202);
    sim.scenario.signingKeysDown = true;
    try {
      expect((await post(token, { value: [] })).status).toBe(202);
      // A new process has no keys cached yet.
      useServiceOverrides({ httpClient: t.stack.tls.httpClient });
      const response = await post(token, { value: [] });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
    } finally {
      sim.scenario.signingKeysDown = false;
    }
    expect((await post(token, { value: [] })).status).toBe(202);
  });
});
