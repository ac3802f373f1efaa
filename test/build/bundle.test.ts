import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { installFunctionsCore } from '../../dev/functionsCore';

const repo = join(__dirname, '..', '..');

describe('the deployable build (esbuild, as package.json "main" points at it)', () => {
  const out = mkdtempSync(join(tmpdir(), 'graph-invites-build-'));
  execFileSync(process.execPath, [join(repo, 'scripts', 'bundle.mjs')], { cwd: repo, env: { ...process.env, BUNDLE_OUTDIR: out } });

  it('keeps registration small and the functions\' code apart', () => {
    expect(statSync(join(out, 'main.js')).size).toBeLessThan(150_000);
    expect(statSync(join(out, 'app.js')).size).toBeGreaterThan(500_000);
  });

  it('registers every function with its route, and its handlers run from app.js', async () => {
    const registrations = installFunctionsCore();
    registrations.clear();
    require(join(out, 'main.js'));
    expect([...registrations.keys()].sort()).toEqual(
      ['callRoster', 'callTimeline', 'callView', 'callback', 'cancelInvitation', 'createSubscription', 'createTriggerSubscription', 'deleteSubscription', 'deliverWebhooks', 'finalizeInvitations', 'findInvitation', 'getSubscription', 'health', 'invitationStatus', 'inviteParticipant', 'listNotificationInbox', 'listWebhookDeliveries', 'openapi', 'purgeIdleCalls', 'removeParticipant', 'replayNotificationInbox', 'replayNotifications', 'resumeSubscription', 'placeCall', 'listCalls', 'getCall', 'hangUpCall', 'inviteIntoMeeting'].sort(),
    );
    const invite = registrations.get('inviteParticipant');
    // API_AUTH_MODE unset: entra, so the host asks for no key (the app checks the token).
    expect(invite?.bindings.req).toMatchObject({ type: 'httpTrigger', route: 'calls/{callId}/participants/invite', methods: ['POST'], authLevel: 'anonymous' });
    expect(invite?.bindings.$return).toMatchObject({ type: 'http', direction: 'out' });
    Object.assign(process.env, {
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      BOT_APP_ID: 'app',
      BOT_TENANT_ID: 'tenant',
      PUBLIC_BASE_URL: 'https://bundle.example.net',
      API_CLIENT_ID: '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e',
    });
    const openapi = registrations.get('openapi');
    const response = (await openapi?.handler(new HttpRequest({ method: 'GET', url: 'https://bundle.example.net/api/openapi.json' }), new InvocationContext())) as { status: number; jsonBody: { host: string } };
    expect(response.status).toBe(200);
    expect(response.jsonBody.host).toBe('bundle.example.net');
  });
});
