import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTls, type LocalTls } from '../../dev/tls';
import { startGraphSimulator, type RunningSimulator } from '../../dev/simulator/simulatorServer';
import { createConsoleSignIn, type ConsoleSignIn } from '../../src/lib/console/consoleSignIn';
import type { SignInTransaction } from '../../src/lib/console/signInTransaction';
import { UnauthorizedError } from '../../src/lib/errors/appError';

/*
 * The console's OpenID Connect client (openid-client) against the simulator's Entra ID over real
 * HTTP(S): the authorization request carries PKCE (S256), state and nonce, fresh each time; the code
 * is redeemed with the managed identity's assertion and the verifier; a wrong state, nonce or
 * verifier, a replayed code and an error answer are refused.
 */
const redirectUri = 'http://127.0.0.1:7099/api/console/signin';
let simulator: RunningSimulator;
let tls: LocalTls;
let signIn: ConsoleSignIn;
let assertions = 0;

beforeAll(async () => {
  tls = await createLocalTls();
  simulator = await startGraphSimulator({ tls });
  simulator.signIn.redirectUris.add(redirectUri);
  const api = simulator.callers.api;
  signIn = createConsoleSignIn({
    authorityHost: simulator.httpsUrl,
    tenantId: api.tenantId,
    clientId: api.clientId,
    appIdUri: api.appIdUri,
    redirectUri,
    fetch: tls.fetch,
    clientAssertion: async () => {
      assertions++;
      const url = `${simulator.httpUrl}/msi/token?resource=${encodeURIComponent('api://AzureADTokenExchange')}&api-version=2019-08-01`;
      const response = await fetch(url, { headers: { 'x-identity-header': simulator.sim.identity.identityHeader } });
      return ((await response.json()) as { access_token: string }).access_token;
    },
  });
});
afterAll(() => simulator.close());

/** The browser's part: the authorization URL, the user picked on the sign-in page, the redirect back. */
async function authorize(url: string, user: string): Promise<URL> {
  const form = new URLSearchParams(new URL(url).searchParams);
  form.set('login_hint', user);
  const response = await tls.fetch(url.split('?')[0] ?? '', { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('the console sign-in (authorization code + PKCE)', () => {
  it('asks with S256 PKCE, state and nonce, fresh for every sign-in', async () => {
    const first = await signIn.start('/api/console');
    const second = await signIn.start('/api/console/calls/x');
    const params = new URL(first.url).searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBe(createHash('sha256').update(first.transaction.codeVerifier).digest('base64url'));
    expect(params.get('state')).toBe(first.transaction.state);
    expect(params.get('nonce')).toBe(first.transaction.nonce);
    expect(params.get('redirect_uri')).toBe(redirectUri);
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', `${simulator.callers.api.appIdUri}/Calls.Read`, `${simulator.callers.api.appIdUri}/Operations.Admin`]));
    // Nothing secret travels in the URL: the verifier stays with the browser's cookie.
    expect(first.url).not.toContain(first.transaction.codeVerifier);
    expect(second.transaction.codeVerifier).not.toBe(first.transaction.codeVerifier);
    expect(second.transaction.state).not.toBe(first.transaction.state);
    expect(second.transaction.nonce).not.toBe(first.transaction.nonce);
    expect(first.transaction.codeVerifier.length).toBeGreaterThanOrEqual(43);
  });

  it('redeems the code with the verifier and a client assertion (no secret): a delegated token with the scopes the user was granted', async () => {
    const { url, transaction } = await signIn.start('/api/console');
    const before = assertions;
    const { accessToken } = await signIn.finish(await authorize(url, 'reader@contoso.example'), transaction);
    expect(assertions).toBe(before + 1);
    expect(claims(accessToken)).toMatchObject({ aud: simulator.callers.api.clientId, idtyp: 'user', scp: 'Calls.Read', preferred_username: 'reader@contoso.example' });
  });

  const refused = async (change: (t: SignInTransaction, back: URL) => [SignInTransaction, URL]) => {
    const { url, transaction } = await signIn.start('/api/console');
    const [t, back] = change(transaction, await authorize(url, 'operator@contoso.example'));
    const redemptions = simulator.signIn.redemptions.length;
    const error = await signIn.finish(back, t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    return simulator.signIn.redemptions.length - redemptions;
  };

  it('refuses a return whose state is not the one sent (before redeeming anything)', async () => {
    expect(await refused((t, back) => [{ ...t, state: 'x'.repeat(43) }, back])).toBe(0);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    expect(await refused((t, back) => [{ ...t, nonce: 'y'.repeat(43) }, back])).toBe(1);
  });

  it('refuses when the verifier does not match the challenge (Entra refuses the code)', async () => {
    expect(await refused((t, back) => [{ ...t, codeVerifier: 'z'.repeat(43) }, back])).toBe(1);
  });

  it('refuses a code redeemed twice, and an error answer', async () => {
    const { url, transaction } = await signIn.start('/api/console');
    const back = await authorize(url, 'operator@contoso.example');
    await signIn.finish(back, transaction);
    await expect(signIn.finish(back, transaction)).rejects.toBeInstanceOf(UnauthorizedError);
    const denied = new URL(`${redirectUri}?error=access_denied&error_description=AADSTS65004&state=${transaction.state}`);
    await expect(signIn.finish(denied, transaction)).rejects.toThrow(/access_denied/);
  });
});
