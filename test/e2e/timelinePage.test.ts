import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineView } from '../../src/lib/http/timeline/timelineSchemas';
import { useTestStack } from '../support/testStack';

/*
 * The timeline page in a real browser: Debian's headless Chromium driven by playwright-core, on a
 * call that went through the local stack (Graph simulator, callback, Azurite). The page is
 * protected like every read route; the browser sends the caller's token on each request
 * (extraHTTPHeaders), as an authenticating proxy or tool would.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const output = join(__dirname, '..', '..', 'test-output');
const stack = useTestStack();

const ada = { id: '5c1f0a3e-8b2d-4c6f-9e1a-2b3c4d5e6f70', displayName: '<img src=x onerror="document.title=\'owned\'"> Ada <b>Lovelace</b>' };
const bob = { id: '6d2e1b4f-9c3e-4d7a-8f2b-3c4d5e6f7081', displayName: 'Bob' };
const grace = { id: '7e3f2c5a-ad4f-4e8b-9a3c-4d5e6f708192', displayName: 'Grace & "Co"' };
let callId = '';
let browser: Browser;

async function open(headers: Record<string, string>): Promise<{ page: Page; status: number | undefined; dialogs: string[] }> {
  const context = await browser.newContext({ extraHTTPHeaders: headers, viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  const response = await page.goto(`${stack().url}/api/calls/${callId}/view`);
  return { page, status: response?.status(), dialogs };
}

const timeline = async () => (await stack().getJson(`/api/calls/${callId}/timeline`)).body as unknown as TimelineView;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  const t = stack();
  const sim = t.stack.simulator.sim;
  // The app's clock moves on between steps, so the call spans a few minutes as a real one would.
  const later = async (seconds: number) => {
    await t.settle();
    t.advance(seconds);
  };
  const post = async () => {
    const call = sim.calls.get(callId);
    if (call) expect(await sim.post(call, [call.roster({ legacy: false })])).toBe(202);
  };
  const idOf = (user: { id: string }) => [...(sim.calls.get(callId)?.participants.values() ?? [])].find((p) => (p.identity.user as { id?: string } | undefined)?.id === user.id)?.id ?? '';
  callId = t.newCall();
  sim.scenario.behaviourFor = { [bob.id]: 'decline' };
  await later(12);
  expect((await t.invite(callId, { participants: [{ identity: { user: ada } }], clientContext: 'invite-ada' })).status).toBe(202);
  await later(25);
  expect((await t.invite(callId, { participants: [{ identity: { user: bob } }], clientContext: 'invite-bob' })).status).toBe(202);
  await later(20);
  // Grace waits in the lobby until admitted; Ada mutes herself for a while; Grace leaves.
  sim.scenario.lobby = true;
  expect((await t.invite(callId, { participants: [{ identity: { user: grace } }], clientContext: 'invite-grace' })).status).toBe(202);
  await later(30);
  sim.calls.get(callId)?.admit(idOf(grace));
  await post();
  await later(20);
  sim.calls.get(callId)?.mute(idOf(ada), true);
  await post();
  await later(45);
  sim.calls.get(callId)?.mute(idOf(ada), false);
  await post();
  await later(40);
  sim.leave(callId, idOf(grace));
  await later(25);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the call timeline page in Chromium', () => {
  it('is not shown without a token', async () => {
    const { status, page } = await open({});
    expect(status).toBe(401);
    expect(await page.locator('svg').count()).toBe(0);
  });

  it('draws a lane per participant and a marker per invitation, as the timeline API says', async () => {
    const view = await timeline();
    const { page, status, dialogs } = await open({ authorization: stack().auth.authorization ?? '' });
    expect(status).toBe(200);
    const lanes = page.locator('g.lane');
    const laneIds = await lanes.evaluateAll((els) => els.map((el) => el.getAttribute('data-participant-id')));
    const expected = [...new Set(view.events.flatMap((e) => (e.participantId === undefined ? [] : [e.participantId])))];
    expect(laneIds).toEqual(expected);
    expect(laneIds.length).toBeGreaterThanOrEqual(3); // the bot, Ada, Grace
    for (const id of expected) {
      const joins = view.events.filter((e) => e.kind === 'joined' && e.participantId === id).map((e) => e.at);
      const present = await page.locator(`g.lane[data-participant-id="${id}"] rect.present`).evaluateAll((els) => els.map((el) => el.getAttribute('data-from')));
      expect(present).toEqual(joins);
    }
    const markers = await page.locator('g.invitation').evaluateAll((els) => els.map((el) => [el.getAttribute('data-client-context'), el.getAttribute('data-status'), el.getAttribute('data-reason')]));
    const outcomes = view.events.flatMap((e) => (e.kind === 'invitationOutcome' ? [[e.clientContext, e.status, e.reason]] : []));
    expect(markers.sort()).toEqual(outcomes.sort());
    expect(markers.map((m) => m[1]).sort()).toEqual(['completed', 'completed', 'failed']);
    // Ada is muted, Grace came through the lobby; the call is live (the page reloads itself).
    const adaId = view.participants.find((p) => p.displayName === ada.displayName)?.participantId ?? '';
    expect(await page.locator(`g.lane[data-participant-id="${adaId}"] rect.muted`).count()).toBe(1);
    const graceId = view.participants.find((p) => p.displayName === grace.displayName)?.participantId ?? '';
    expect(await page.locator(`g.lane[data-participant-id="${graceId}"] rect.lobby`).count()).toBe(1);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(1);
    expect(await page.locator('g.call-start').getAttribute('data-at')).toBe(view.startedAt);
    expect(dialogs).toEqual([]);
  });

  it('shows a display name holding HTML as text, runs nothing from it, and saves a screenshot', async () => {
    const view = await timeline();
    const adaId = view.participants.find((p) => p.displayName === ada.displayName)?.participantId ?? '';
    const { page, dialogs } = await open({ authorization: stack().auth.authorization ?? '' });
    expect(await page.locator(`g.lane[data-participant-id="${adaId}"] text.label`).textContent()).toBe(ada.displayName);
    const graceId = view.participants.find((p) => p.displayName === grace.displayName)?.participantId ?? '';
    expect(await page.locator(`g.lane[data-participant-id="${graceId}"] text.label`).textContent()).toBe(grace.displayName);
    expect(await page.locator('img, b, script').count()).toBe(0);
    expect(await page.title()).toBe(`Call ${callId}`);
    expect(dialogs).toEqual([]);
    mkdirSync(output, { recursive: true });
    const file = join(output, 'timeline.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    // The picture and the invitations, as the README shows them.
    const bottom = await page.locator('table.invitations').evaluate((el) => el.getBoundingClientRect().bottom);
    await page.screenshot({ path: join(output, 'timeline-top.png'), clip: { x: 0, y: 0, width: 1060, height: Math.ceil(bottom) + 16 } });
  });

  it('after the call ends: its end is drawn, everyone has left, and the page stops reloading', async () => {
    const t = stack();
    t.advance(10);
    t.stack.simulator.sim.endCall(callId);
    await t.settle();
    const view = await timeline();
    expect(view.live).toBe(false);
    const { page } = await open({ authorization: t.auth.authorization ?? '' });
    expect(await page.locator('g.call-end').getAttribute('data-at')).toBe(view.endedAt);
    // Grace left before the end; Ada and the bot left with it.
    const lefts = view.events.filter((e) => e.kind === 'left').map((e) => e.participantId);
    expect(new Set(lefts)).toEqual(new Set(view.participants.map((p) => p.participantId)));
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    const open_ = await page.locator('rect.present[data-to=""]').count();
    expect(open_).toBe(0);
    await page.screenshot({ path: join(output, 'timeline-ended.png'), fullPage: true });
  });
});
