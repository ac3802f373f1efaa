import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { createAppMetrics } from '../../src/lib/telemetry/appMetrics';
import { inMemoryTelemetry } from '../support/inMemoryTelemetry';
import { compileBicep, findBicep, resourcesOf, templatesByModule, type ArmResource } from './armTemplate';

const bicep = findBicep();
if (!bicep && process.env.CI) throw new Error('Bicep CLI not found: .ci/run restores it and sets BICEP_BIN');

const repo = join(__dirname, '..', '..');
const infra = join(repo, 'infra');

/** The metric names the app really creates: each instrument recorded once through the SDK. */
async function emittedMetricNames(): Promise<Set<string>> {
  const sink = inMemoryTelemetry();
  const provider = new MeterProvider({ readers: [...sink.pipeline.metricReaders] });
  const metrics = createAppMetrics(provider.getMeter('names'));
  metrics.invitationOutcome('failed', 'timeout', 120);
  metrics.notification('deadLettered', 'any');
  metrics.graphResponse(403, '7503');
  metrics.callbackAuthFailure('invalidToken');
  metrics.tokenFailure('graph');
  metrics.overdueInvitations(0);
  return new Set((await sink.metrics()).map((p) => p.name));
}

/** The log messages the app writes as records (source text), which the workbook queries. */
const sourceOf = (file: string) => readFileSync(join(repo, 'src', file), 'utf8');
const loggedMessages = ["'invitation outcome'", "'invite rejected by Graph'"].filter((m) =>
  [sourceOf('lib/app/outcomeMetrics.ts'), sourceOf('lib/app/inviteAttempt.ts')].some((text) => text.includes(m)),
);

const metricNamesIn = (query: string) => [...query.matchAll(/name == "([^"]+)"/g)].map((m) => m[1] ?? '');

describe.skipIf(!bicep)('alerts and the workbook in infra/ (compiled by the real Bicep CLI)', () => {
  const main = bicep ? compileBicep(bicep, join(infra, 'main.bicep')) : { resources: [] };
  const modules = templatesByModule(main);
  const all = [...modules.values()].flatMap((m) => resourcesOf(m.template));
  const ofType = (type: string): ArmResource[] => all.filter((r) => r.type === type);

  it('has one log alert rule per signal, on Application Insights, every 5 minutes over 15, telling the action groups', async () => {
    const alerts = modules.get('alerts')?.template;
    const rules = (alerts as { variables?: { rules?: { key: string; query: string; measure: string; threshold: unknown }[] } }).variables?.rules ?? [];
    expect(rules.map((r) => r.key)).toEqual(['dead-letters', 'graph-refusals', 'callback-401', 'stuck-invitations']);
    const [rule] = ofType('Microsoft.Insights/scheduledQueryRules');
    expect(rule).toMatchObject({ kind: 'LogAlert', copy: { count: `[length(variables('rules'))]` } });
    expect(rule?.properties).toMatchObject({
      scopes: ["[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]"],
      evaluationFrequency: 'PT5M',
      windowSize: 'PT15M',
      autoMitigate: true,
      actions: { actionGroups: "[variables('actionGroups')]" },
    });
    // Each query watches a metric the app emits and yields the column the rule measures.
    const names = await emittedMetricNames();
    for (const r of rules) {
      const watched = metricNamesIn(r.query);
      expect(watched.length, r.key).toBe(1);
      expect(names.has(watched[0] ?? ''), `${r.key}: ${watched[0]}`).toBe(true);
      expect(r.query, r.key).toContain(`summarize ${r.measure} =`);
    }
    expect(rules.find((r) => r.key === 'dead-letters')?.query).toContain('"deadLettered"');
    expect(rules.find((r) => r.key === 'graph-refusals')?.query).toContain('"botNotRegistered"');
    expect(rules.find((r) => r.key === 'graph-refusals')?.threshold).toBe("[parameters('graphRefusalThreshold')]");
  });

  it('tells whoever the parameters name: a new action group for an email address, and an existing group', () => {
    const params = (main as { parameters?: Record<string, { defaultValue?: unknown }> }).parameters ?? {};
    expect(params.alertEmailAddress?.defaultValue).toBe('');
    expect(params.alertActionGroupId?.defaultValue).toBe('');
    const group = ofType('Microsoft.Insights/actionGroups');
    expect(group).toHaveLength(1);
    expect(group[0]).toMatchObject({ condition: "[not(empty(parameters('alertEmailAddress')))]", location: 'global' });
    expect(String((group[0]?.properties as { groupShortName: string }).groupShortName).length).toBeLessThanOrEqual(12);
    expect(JSON.stringify(group[0]?.properties)).toContain("parameters('alertEmailAddress')");
    const variables = (modules.get('alerts')?.template as { variables?: Record<string, unknown> }).variables ?? {};
    expect(String(variables.actionGroups)).toContain("parameters('alertActionGroupId')");
    expect(String(modules.get('alerts')?.parameters.alertEmailAddress)).toContain("parameters('alertEmailAddress')");
  });

  it('deploys the workbook on Application Insights, and its queries read what the app emits', async () => {
    const [workbook] = ofType('Microsoft.Insights/workbooks');
    expect(workbook).toMatchObject({ kind: 'shared', properties: { category: 'workbook', sourceId: "[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]" } });
    // loadTextContent() compiles to a variable of the module holding the file's text.
    const reference = /^\[variables\('(.+)'\)\]$/.exec(String((workbook?.properties as { serializedData: string }).serializedData))?.[1] ?? '';
    const serialized = String((modules.get('workbook')?.template as { variables?: Record<string, unknown> }).variables?.[reference]);
    expect(serialized).toBe(readFileSync(join(infra, 'app', 'workbook.json'), 'utf8'));
    const content = JSON.parse(serialized) as { version: string; items: { type: number; content: { title?: string; query?: string } }[] };
    expect(content.version).toBe('Notebook/1.0');
    const queries = content.items.filter((i) => i.type === 3).map((i) => ({ title: i.content.title ?? '', query: i.content.query ?? '' }));
    const titles = queries.map((q) => q.title).join('\n');
    expect(titles).toMatch(/outcomes/i);
    expect(titles).toMatch(/percentiles/i);
    expect(titles).toMatch(/failing calls/i);
    const names = await emittedMetricNames();
    for (const { title, query } of queries) {
      for (const name of metricNamesIn(query).filter((n) => n.includes('.'))) expect(names.has(name), `${title}: ${name}`).toBe(true);
      for (const message of [...query.matchAll(/message == "([^"]+)"/g)].map((m) => `'${m[1] ?? ''}'`)) expect(loggedMessages, `${title}: ${message}`).toContain(message);
    }
    expect(queries.find((q) => q.title === 'Failing calls')?.query).toContain('callId');
  });

  it('sets the sampling ratio the telemetry settings read', () => {
    const settings = ofType('Microsoft.Web/sites/config')[0]?.properties ?? {};
    expect(settings.TELEMETRY_SAMPLING_RATIO).toBe("[parameters('telemetrySamplingRatio')]");
  });
});
