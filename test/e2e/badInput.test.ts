import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileId, junkEnvelope, malformedInvite, malformedReplayBody, type RawRequest } from '../support/malformed';
import { useTestStack, user } from '../support/testStack';
import { routablePath } from '../../dev/frontEndPath';

const stack = useTestStack();
const runs = 1000;
let callId = '';
let before = '';

beforeAll(async () => {
  const t = stack();
  callId = t.newCall();
  await t.invite(callId, { participants: [user('seed')], clientContext: 'seed' });
  await t.settle();
  before = await fingerprint();
});

async function fingerprint(): Promise<string> {
  const rows = await stack().tableRows();
  return JSON.stringify(rows.sort((a, b) => `${a.partitionKey}${a.rowKey}`.localeCompare(`${b.partitionKey}${b.rowKey}`)));
}

/** Answers of the platform itself (front end or host): our functions never ran. */
const platformAnswers = new WeakSet<Response>();

/**
 * Whether the path reaches a function with the segments the caller meant: Azure's front end
 * decodes escapes first (dev/frontEndPath.ts), so an id holding `/` splits into two segments,
 * and an escape left over that does not decode is the host's 500 (azure-functions-host #7069).
 */
function reachesFunction(path: string): boolean {
  const pathname = new URL(path, 'http://h').pathname;
  const decoded = routablePath(pathname);
  if (decoded === undefined || decoded.split('/').length !== pathname.split('/').length) return false;
  try {
    decodeURIComponent(decoded);
    return true;
  } catch {
    return false;
  }
}

async function send(method: string, path: string, raw?: RawRequest, extraHeaders: Record<string, string> = {}): Promise<Response> {
  // Our API's callers carry the stack's token (or key); Graph's callback carries its own.
  const auth = path.startsWith('/api/callback') ? {} : stack().auth;
  const headers: Record<string, string> = { ...auth, ...extraHeaders, ...raw?.headers };
  if (raw && raw.contentType !== '') headers['content-type'] = raw.contentType;
  const response = await fetch(`${stack().url}${path}`, { method, headers, ...(raw ? { body: raw.body } : {}) });
  if (!reachesFunction(path)) platformAnswers.add(response);
  return response;
}

/** A rejection says what is wrong as problem+json, never 5xx, and storage is as it was. */
async function expectRejected(response: Response, allowed: readonly number[] = []): Promise<void> {
  const text = await response.text();
  if (allowed.includes(response.status)) return;
  if (platformAnswers.has(response) && text === '') {
    // Refused before any of our code ran, with the platform's bare answer, as in Azure.
    expect([404, 500]).toContain(response.status);
    return;
  }
  expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(response.status, text.slice(0, 300)).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = JSON.parse(text) as { status: number; title: string; type: string };
  expect(problem.status).toBe(response.status);
  expect(problem.title.length).toBeGreaterThan(0);
  expect(text).not.toMatch(/at \w+ \(|node_modules|RestError|stack/);
}

const settings = { numRuns: runs, endOnFailure: true };

// A thousand requests and table scans per test: on two shared cores that can pass 30 s; the limit
// only stops a hang, it asserts nothing about speed.
describe(`bad input (${runs} generated requests per endpoint)`, { timeout: 120_000 }, () => {
  it('invite: every malformed body or id is a 4xx problem and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(malformedInvite, fc.oneof(fc.constant(callId), hostileId), async (raw, id) => {
        await expectRejected(await send('POST', `/api/calls/${encodeURIComponent(id)}/participants/invite`, raw));
        expect(await fingerprint()).toBe(before);
      }),
      settings,
    );
  });

  it('invitation status and roster: hostile ids are 400 or 404 problems and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileId, hostileId, fc.string({ maxLength: 30 }), async (id, context, query) => {
        await expectRejected(await send('GET', `/api/calls/${encodeURIComponent(id)}/invitations/${encodeURIComponent(context)}?${encodeURIComponent(query)}`));
        await expectRejected(await send('GET', `/api/calls/${encodeURIComponent(id)}/participants?$filter=${encodeURIComponent(query)}`));
        expect(await fingerprint()).toBe(before);
      }),
      settings,
    );
  });

  it('callback: junk is rejected as a problem, or acknowledged and ignored, and changes nothing', async () => {
    const authorization = `Bearer ${await stack().stack.simulator.sim.callbackToken()}`;
    await fc.assert(
      fc.asyncProperty(junkEnvelope, async (raw) => {
        await expectRejected(await send('POST', '/api/callback', raw, { authorization }), [202]);
        expect(await fingerprint()).toBe(before);
      }),
      settings,
    );
  });

  it('callback without a valid token: 401 whatever the body', async () => {
    await fc.assert(
      fc.asyncProperty(junkEnvelope, fc.oneof(fc.constant(''), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`)), async (raw, authorization) => {
        const response = await send('POST', '/api/callback', raw, authorization ? { authorization } : {});
        expect(response.status).toBe(401);
        await expectRejected(response);
      }),
      { numRuns: runs / 4, endOnFailure: true },
    );
    expect(await fingerprint()).toBe(before);
  });

  it('operator endpoints: bad state or body is a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !['dead', 'pending', 'all'].includes(s)), malformedReplayBody, async (state, raw) => {
        await expectRejected(await send('GET', `/api/ops/notifications?state=${encodeURIComponent(state)}`));
        await expectRejected(await send('POST', '/api/ops/notifications/replay', raw));
        expect(await fingerprint()).toBe(before);
      }),
      { numRuns: runs / 4, endOnFailure: true },
    );
  });
});
