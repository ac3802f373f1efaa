import { describe, expect, it } from 'vitest';
import { installFunctionsCore } from '../../dev/functionsCore';
import { undocumentedRoutes } from '../../src/lib/http/openapi/openapiTimeline';
import { routeProblems, timerProblems } from './docRules';
import { readDoc, readJson } from './markdown';

const openapi = readJson<{ paths: Record<string, Record<string, unknown>> }>('openapi/openapi.json');

/** The routes and timers the app registers, captured as the local host captures them. */
async function registered(): Promise<{ routes: string[]; timers: string[] }> {
  const registrations = installFunctionsCore();
  await import('../../src/index.js');
  const all = [...registrations.values()];
  const routes = all.flatMap((r) => {
    const trigger = Object.values(r.bindings).find((b) => b.type === 'httpTrigger');
    return trigger ? (trigger.methods ?? []).map((m) => `${m.toUpperCase()} /api/${trigger.route ?? r.name}`) : [];
  });
  const timers = all.filter((r) => Object.values(r.bindings).some((b) => b.type === 'timerTrigger')).map((r) => r.name);
  return { routes, timers };
}

describe('routes in the docs and the OpenAPI file', () => {
  it('every route the app registers has a heading in docs/api.md, and every such heading a route', async () => {
    const { routes } = await registered();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    expect(routeProblems(readDoc('docs/api.md'), routes)).toEqual([]);
  });

  it('every timer the app registers has a heading in docs/api.md', async () => {
    const { timers } = await registered();
    expect(timerProblems(readDoc('docs/api.md'), timers)).toEqual([]);
  });

  it('every route the app registers is in openapi/openapi.json (but the HTML view)', async () => {
    const { routes } = await registered();
    const documented = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => !m.startsWith('x-')).map((m) => `${m.toUpperCase()} /api${path}`));
    const pattern = (route: string) => new RegExp(`^${route.replace(/\{trigger\}/, '[a-z-]+').replace(/[{}]/g, (c) => `\\${c}`)}$`);
    const missing = routes.filter((r) => !undocumentedRoutes.includes(r) && !documented.some((d) => pattern(r).test(d)));
    expect(missing, 'describe these in src/lib/http/openapi/ and run npm run openapi').toEqual([]);
  });
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
