import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileBicep, findBicep, resourcesOf, templatesByModule } from './armTemplate';

const bicep = findBicep();
if (!bicep && process.env.CI) throw new Error('Bicep CLI not found: .ci/run restores it and sets BICEP_BIN');

// Regions with Flex Consumption, as Azure-Samples/functions-quickstart-typescript-azd allows them
// (infra/main.bicep); docs/deploy.md says how to check today's list.
const flexRegions = [
  'australiaeast', 'australiasoutheast', 'brazilsouth', 'canadacentral', 'centralindia', 'centralus', 'eastasia', 'eastus',
  'eastus2', 'eastus2euap', 'francecentral', 'germanywestcentral', 'italynorth', 'japaneast', 'koreacentral', 'northcentralus',
  'northeurope', 'norwayeast', 'southafricanorth', 'southcentralus', 'southeastasia', 'southindia', 'spaincentral', 'swedencentral',
  'uaenorth', 'uksouth', 'ukwest', 'westcentralus', 'westeurope', 'westus', 'westus2', 'westus3',
];

type Parameter = { type: string; allowedValues?: string[]; metadata?: { azd?: { type?: string } } };

describe.skipIf(!bicep)('provisioning fails early, and the host runs quietly', () => {
  const main = bicep ? compileBicep(bicep, join(__dirname, '..', '..', 'infra', 'main.bicep')) : { resources: [] };
  const all = [...templatesByModule(main).values()].flatMap((m) => resourcesOf(m.template));

  it('offers only regions with Flex Consumption, and azd asks for one of them', () => {
    const location = (main.parameters as Record<string, Parameter> | undefined)?.location;
    expect(location?.allowedValues).toEqual(flexRegions);
    expect(location?.metadata?.azd?.type).toBe('location');
  });

  it("turns off the host's diagnostic-events table rather than granting table rights on the whole account", () => {
    const settings = all.find((r) => r.type === 'Microsoft.Web/sites/config')?.properties ?? {};
    // The host's flag name (azure-functions-host ScriptConstants.FeatureFlagDisableDiagnosticEventLogging).
    const flags = String(settings.AzureWebJobsFeatureFlags ?? '').split(',');
    expect(flags).toContain('DisableDiagnosticEventLogging');
    expect(settings.AzureWebJobsStorage__credential).toBe('managedidentity');
    // Storage Table Data Contributor (storage.bicep names it in a variable): granted on the app's two tables only.
    const tableGrants = all.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && JSON.stringify(r.properties).includes('tableDataContributor'));
    expect(tableGrants).toHaveLength(2);
    for (const grant of tableGrants) expect(grant.scope).toContain('tableServices/tables');
  });
});
