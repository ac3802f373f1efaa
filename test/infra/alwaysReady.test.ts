import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBicep, findBicep, resourcesOf, templatesByModule } from './armTemplate';

const bicep = findBicep();
if (!bicep && process.env.CI) throw new Error('Bicep CLI not found: .ci/run restores it and sets BICEP_BIN');

type Parameter = { type: string; defaultValue?: unknown; minValue?: number; maxValue?: number; allowedValues?: unknown[] };

describe.skipIf(!bicep)('cold start and incoming calls in infra/', () => {
  const main = bicep ? compileBicep(bicep, join(__dirname, '..', '..', 'infra', 'main.bicep')) : { resources: [] };
  const parameters = (main.parameters ?? {}) as Record<string, Parameter>;
  const all = [...templatesByModule(main).values()].flatMap((m) => resourcesOf(m.template));

  it('always-ready instances for the HTTP group (the callback) are a parameter, off by default', () => {
    expect(parameters.httpAlwaysReadyInstances).toMatchObject({ type: 'int', defaultValue: 0, minValue: 0 });
    const site = all.find((r) => r.type === 'Microsoft.Web/sites');
    const scale = JSON.stringify((site?.properties as { functionAppConfig?: { scaleAndConcurrency?: unknown } } | undefined)?.functionAppConfig?.scaleAndConcurrency);
    // Flex Consumption's always-ready setting: a list of { name: function group or function, instanceCount }.
    expect(scale).toContain('"alwaysReady"');
    expect(scale).toMatch(/createObject\('name', 'http', 'instanceCount', parameters\('httpAlwaysReadyInstances'\)\)/);
    expect(scale).toMatch(/greater\(parameters\('httpAlwaysReadyInstances'\), 0\)/);
  });

  it('the incoming call policy is a parameter that leaves calls alone by default, and reaches the app settings', () => {
    expect(parameters.incomingCallPolicy).toMatchObject({ defaultValue: 'leave', allowedValues: ['answer', 'reject', 'leave'] });
    const settings = all.find((r) => r.type === 'Microsoft.Web/sites/config')?.properties ?? {};
    expect(settings.INCOMING_CALL_POLICY).toBe("[parameters('incomingCallPolicy')]");
  });
});
