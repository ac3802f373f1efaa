import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestStack } from '../support/testStack';
import { axeViolations } from '../support/axe';

/*
 * The operator console in Debian's Chromium (playwright-core) against the local stack: sign-in
 * through the simulator's Entra ID (authorization code + PKCE), the calls list and its search, a
 * call page that follows the call live, actions and their refusals, sign-out, an ended session,
 * escaping, and axe-core on every page.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const output = join(__dirname, '..', '..', 'test-output');
const stack = useTestStack();

const ada = { id: '5c1f0a3e-8b2d-4c6f-9e1a-2b3c4d5e6f70', displayName: '<img src=x onerror="document.title=\'owned\'"> Ada <b>Lovelace</b>' };
const bob = { id: '6d2e1b4f-9c3e-4d7a-8f2b-3c4d5e6f7081', displayName: 'Bob Builder' };
const carol = { id: '7e3f2c5a-ad4f-4e8b-9a3c-4d5e6f708192', displayName: 'Carol' };
const dan = { id: '8f403d6b-be50-4f9c-8b4d-5e6f708192a3', displayName: 'Dan' };

let browser: Browser;
let attacker: Server;
let attackerUrl = '';
let callA = '';
let callB = '';
/** Every code Entra handed back, and the tokens the browser held: none may show in logs or pages. */
const codes: string[] = [];

async function signIn(userName: string, viewport = { width: 1200, height: 900 }): Promise<{ context: BrowserContext; page: Page; dialogs: string[] }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  page.on('request', (r) => {
    const code = new URL(r.url()).searchParams.get('code');
    if (code) codes.push(code);
  });
  await page.goto(`${stack().url}/api/console`);
  // Signed out: the console sent the browser to the (simulated) Entra sign-in page.
  expect(page.url().startsWith(`${stack().stack.simulator.httpsUrl}/`)).toBe(true);
  expect(new URL(page.url()).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
  await page.getByRole('button', { name: new RegExp(userName.replace('.', '\\.')) }).click();
  await page.waitForURL(`${stack().url}/api/console`);
  return { context, page, dialogs };
}

const sessionToken = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === '__Host-gci-session')?.value ?? '';

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const t = stack();
  callA = t.newCall();
  callB = t.newCall();
  expect((await t.invite(callA, { participants: [{ identity: { user: ada } }], clientContext: 'flow-run-alpha' })).status).toBe(202);
  await t.settle();
  // Another site: a page that posts a form to the console (same site, another origin: the cookie goes along).
  attacker = createServer((_req, res) => {
    const target = `${t.url}/api/console/calls/${callB}/cancel`;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<form method="post" action="${target}"><input name="clientContext" value="to-cancel-2"><input name="csrf" value="guess"></form><script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
});

describe('the operator console in Chromium', () => {
  it('signs in through Entra (code + PKCE) into the calls list, with a Secure HttpOnly SameSite session cookie', async () => {
    const { context, page, dialogs } = await signIn('operator@contoso.example');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Calls');
    expect(await page.locator(`tr[data-call-id="${callA}"]`).count()).toBe(1);
    expect(await page.locator(`tr[data-call-id="${callB}"]`).count()).toBe(1);
    expect(await page.locator('header').textContent()).toContain('Olivia Operator');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-gci-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    // It expires with the token.
    const claims = JSON.parse(Buffer.from((session?.value ?? '').split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    expect(Math.abs((session?.expires ?? 0) - claims.exp)).toBeLessThanOrEqual(2);
    expect(cookies.some((c) => c.name === '__Host-gci-signin')).toBe(false);
    // Nothing secret in the page or the address bar.
    const html = await page.content();
    expect(html).not.toContain(session?.value ?? 'none');
    for (const code of codes) expect(html + page.url()).not.toContain(code);
    expect(codes.length).toBeGreaterThan(0);
    expect(dialogs).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('searches by clientContext', async () => {
    const { context, page } = await signIn('operator@contoso.example');
    await page.getByLabel('Search by call id, clientContext or invitee').fill('flow-run-alpha');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=flow-run-alpha/);
    expect(await page.locator('tr[data-call-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-call-id')))).toEqual([callA]);
    await context.close();
  });

  it('shows a join on an open call page within 5 s, without reloading', async () => {
    const { context, page } = await signIn('operator@contoso.example');
    await page.goto(`${stack().url}/api/console/calls/${callB}`);
    await page.evaluate("window.marker = 'same document'");
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    expect(await page.locator('#roster').textContent()).not.toContain(bob.displayName);
    expect((await stack().invite(callB, { participants: [{ identity: { user: bob } }], clientContext: 'invite-bob' })).status).toBe(202);
    await page.locator('#roster tr', { hasText: bob.displayName }).waitFor({ timeout: 5_000 + 3_000 });
    expect(await page.locator('#roster tr', { hasText: bob.displayName }).textContent()).toContain('in the call');
    expect(await page.evaluate('window.marker')).toBe('same document');
    expect(navigations).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, 'console-call.png'), fullPage: true });
    await page.goto(`${stack().url}/api/console`);
    await page.screenshot({ path: join(output, 'console-calls.png'), fullPage: true });
    await context.close();
  });

  it('cancels an invitation from the page: Graph gets the delete once', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.ringMs = 20_000;
    const { context, page } = await signIn('operator@contoso.example');
    await page.goto(`${t.url}/api/console/calls/${callB}`);
    expect((await t.invite(callB, { participants: [{ identity: { user: carol } }], clientContext: 'to-cancel' })).status).toBe(202);
    const cancel = page.getByRole('button', { name: 'Cancel invitation to-cancel' });
    await cancel.waitFor({ timeout: 8_000 });
    await cancel.click();
    await page.waitForURL(`${t.url}/api/console/calls/${callB}`);
    await page.locator('tr[data-client-context="to-cancel"][data-status="failed"]').waitFor();
    expect(await page.locator('tr[data-client-context="to-cancel"]').textContent()).toContain('cancelled');
    const deletes = t.stack.simulator.sim.deletes.filter((d) => d.callId === callB);
    expect(deletes).toEqual([expect.objectContaining({ status: 204, cancelledInvite: true })]);
    await context.close();
  });

  it('hangs up a call from its page: Graph gets the DELETE once and the page shows it ended', async () => {
    const t = stack();
    const callC = t.newCall();
    expect((await t.invite(callC, { participants: [{ identity: { user: dan } }], clientContext: 'before-hang-up' })).status).toBe(202);
    await t.settle();
    const { context, page } = await signIn('operator@contoso.example');
    await page.goto(`${t.url}/api/console/calls/${callC}`);
    await page.getByRole('button', { name: 'Hang up the call' }).click();
    await page.waitForURL(`${t.url}/api/console/calls/${callC}`);
    await page.locator('.call-state', { hasText: 'terminated' }).waitFor();
    expect(t.stack.simulator.sim.hangUps.filter((h) => h.callId === callC)).toEqual([expect.objectContaining({ status: 204 })]);
    expect(await page.getByRole('button', { name: 'Hang up the call' }).count()).toBe(0);
    await context.close();
  });

  it('shows a person with Calls.Read only no action, and refuses their forged form post', async () => {
    const t = stack();
    t.stack.simulator.sim.scenario.ringMs = 20_000;
    expect((await t.invite(callB, { participants: [{ identity: { user: dan } }], clientContext: 'to-cancel-2' })).status).toBe(202);
    const deletesBefore = t.stack.simulator.sim.deletes.length;
    const { context, page } = await signIn('reader@contoso.example');
    await page.goto(`${t.url}/api/console/calls/${callB}`);
    expect(await page.locator('tr[data-client-context="to-cancel-2"]').count()).toBe(1);
    expect(await page.locator('main form.action, main button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The reader's own session and CSRF token, in a form they built themselves.
    const csrf = await page.locator('header input[name="csrf"]').getAttribute('value');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      // A form the reader builds in their own page: their session, their CSRF token.
      page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = ${JSON.stringify(`/api/console/calls/${callB}/cancel`)};
        for (const [name, value] of [['clientContext', 'to-cancel-2'], ['csrf', ${JSON.stringify(csrf ?? '')}]]) {
          const input = document.createElement('input');
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      })()`),
    ]);
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Invitations.Invite');
    expect(t.stack.simulator.sim.deletes.length).toBe(deletesBefore);
    await context.close();
  });

  it('refuses a form posted from another site, and one without the session CSRF token', async () => {
    const t = stack();
    const deletesBefore = t.stack.simulator.sim.deletes.length;
    const { context, page } = await signIn('operator@contoso.example');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/cancel')), page.goto(attackerUrl)]);
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Origin');
    // Same origin, but the token is guessed.
    const forged = await page.request.post(`${t.url}/api/console/calls/${callB}/cancel`, { form: { clientContext: 'to-cancel-2', csrf: 'guess' }, headers: { origin: t.url } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('CSRF');
    expect(t.stack.simulator.sim.deletes.length).toBe(deletesBefore);
    await context.close();
  });

  it('signs out: the session cookie is gone and the console asks to sign in', async () => {
    const { context, page } = await signIn('operator@contoso.example');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/api\/console\/signedout$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Signed out');
    expect(await sessionToken(context)).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${stack().url}/api/console`);
    expect(new URL(page.url()).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
    await context.close();
  });

  it('asks to sign in again when the session has expired', async () => {
    const t = stack();
    const operator = [...t.stack.simulator.signIn.users.values()].find((u) => u.userName.startsWith('operator'));
    const past = Math.floor(Date.now() / 1000) - 600;
    const expired = await t.stack.simulator.callers.sign({ appId: t.stack.simulator.callers.api.clientId, userId: operator?.objectId ?? '', scopes: ['Calls.Read'], claims: { exp: past, nbf: past - 3600, iat: past - 3600 } });
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    await context.addCookies([{ name: '__Host-gci-session', value: expired, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const response = await page.goto(`${t.url}/api/console/calls/${callA}`);
    expect(response?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your session has ended');
    expect(await sessionToken(context)).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Sign in again' }).click();
    expect(new URL(page.url()).pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
    await context.close();
  });

  it('shows a display name holding HTML as text, on a phone-width page with no accessibility violations', async () => {
    const { context, page, dialogs } = await signIn('operator@contoso.example', { width: 390, height: 844 });
    await page.goto(`${stack().url}/api/console/calls/${callA}`);
    expect(await page.locator('#roster th.name').allTextContents()).toContain(ada.displayName);
    expect(await page.locator('#invitations tr[data-client-context="flow-run-alpha"] ul.people li').textContent()).toBe(`${ada.displayName}: joined`);
    expect(await page.locator('main img, main b, main script').count()).toBe(0);
    expect(await page.title()).toContain(callA);
    // Times in the viewer's zone, UTC on hover.
    const title = await page.locator('#roster time').first().getAttribute('title');
    expect(title).toMatch(/Z \(UTC\)$/);
    expect(await axeViolations(page)).toEqual([]);
    // Nothing wider than the phone: wide tables and the drawing scroll inside their own regions.
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await page.goto(`${stack().url}/api/console`);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('writes no token or code into the logs', () => {
    const logs = stack().logs.join('\n');
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(logs).not.toContain(code);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
  });
});
