import { describe, expect, it } from 'vitest';
import { registeredFunctions } from '../support/registrations';
import { routeProblems, timerProblems } from './docRules';
import { readDoc } from './markdown';

describe('routes and timers in docs/api.md', () => {
  it('every route the app registers has a heading in docs/api.md, and every such heading a route', async () => {
    const { routes } = await registeredFunctions();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    expect(routeProblems(readDoc('docs/api.md'), routes)).toEqual([]);
  });

  it('every timer the app registers has a heading in docs/api.md', async () => {
    const { timers } = await registeredFunctions();
    expect(timerProblems(readDoc('docs/api.md'), timers)).toEqual([]);
  });
  // That every route is in openapi/openapi.json too (but the HTML view) is test/unit/http/openapi/openapi.test.ts's
  // 'lists every route and method the function app registers'.
});

describe('the route check on a planted fixture', () => {
  const api = '# HTTP contract\n\n## `GET /api/health` (function `health`)\n\n## Subscriptions: `POST /api/subscriptions`, `GET /api/subscriptions/{subscriptionId}`\n\n## `GET /api/calls/{callId}/invitations?clientContext=...`\n\n## Timer `purgeIdleCalls`\n';
  const routes = ['GET /api/health', 'POST /api/subscriptions', 'GET /api/subscriptions/{subscriptionId}', 'GET /api/calls/{callId}/invitations'];

  it('passes when every route has its heading', () => {
    expect(routeProblems(api, routes)).toEqual([]);
    expect(timerProblems(api, ['purgeIdleCalls'])).toEqual([]);
  });

  it('fails a route added without a doc entry, saying what to add', () => {
    expect(routeProblems(api, [...routes, 'POST /api/calls/{callId}/join'])).toEqual([
      'route POST /api/calls/{callId}/join is registered but docs/api.md has no heading naming it: add a heading such as "## `POST /api/calls/{callId}/join` (function `<name>`, `<permission>`)"',
    ]);
    expect(timerProblems(api, ['purgeIdleCalls', 'sweepJoins'])).toEqual(['timer sweepJoins is registered but docs/api.md has no heading "## Timer `sweepJoins`"']);
  });

  it('fails a heading for a route that is not registered', () => {
    expect(routeProblems(api, routes.slice(1))[0]).toContain('docs/api.md has a heading for GET /api/health');
  });
});
