import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installFunctionsCore } from '../../dev/functionsCore';
import { deployedSettingNames } from '../../src/lib/config/config';
import { compileBicep, findBicep, resourcesOf, templatesByModule, type ArmResource } from './armTemplate';

const bicep = findBicep();
// CI restores the Bicep CLI from NuGet (.ci/run); a machine without it skips, CI never does.
if (!bicep && process.env.CI) throw new Error('Bicep CLI not found: .ci/run restores it and sets BICEP_BIN');

const infra = join(__dirname, '..', '..', 'infra');

describe.skipIf(!bicep)('infra/ compiled by the real Bicep CLI', () => {
  const main = bicep ? compileBicep(bicep, join(infra, 'main.bicep')) : { resources: [] };
  const modules = templatesByModule(main);
  const all = [...modules.values()].flatMap((m) => resourcesOf(m.template));
  const text = JSON.stringify(main);
  const ofType = (type: string): ArmResource[] => all.filter((r) => r.type === type);
  const one = (type: string): ArmResource => {
    const found = ofType(type);
    expect(found, type).toHaveLength(1);
    return found[0] as ArmResource;
  };

  it('lints with no errors and no warnings', () => {
    const output = execFileSync(bicep ?? '', ['lint', join(infra, 'main.bicep')], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    expect(output.trim()).toBe('');
  });

  it('holds no keys or secrets: no secure parameters, no listKeys, no connection strings with keys', () => {
    for (const { template } of modules.values()) {
      for (const [name, p] of Object.entries(template.parameters ?? {})) {
        expect(p.type.toLowerCase(), name).not.toMatch(/^secure/);
      }
      for (const [name, o] of Object.entries(template.outputs ?? {})) {
        expect(JSON.stringify(o.value), name).not.toMatch(/listKeys|listSecrets|AccountKey|SharedAccessKey/i);
      }
    }
    expect(text).not.toMatch(/listKeys|listSecrets|AccountKey=|SharedAccessKey|DefaultEndpointsProtocol/i);
    const storage = one('Microsoft.Storage/storageAccounts').properties ?? {};
    expect(storage).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false, minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true });
    expect(one('Microsoft.Insights/components').properties).toMatchObject({ DisableLocalAuth: true });
    expect(one('Microsoft.OperationalInsights/workspaces').properties).toMatchObject({ features: { disableLocalAuth: true } });
  });

  it('grants exactly the roles needed, at the smallest scope, to the managed identity', () => {
    const summary = [...modules.values()].flatMap(({ template }) => {
      const variables = (template as { variables?: Record<string, unknown> }).variables ?? {};
      const resolve = (expr: string) =>
        expr.replace(/variables\('(\w+)'\)(?:\.(\w+))?/g, (_m, name: string, key?: string) => {
          const value = variables[name];
          return `'${String(key ? (value as Record<string, unknown>)[key] : value)}'`;
        });
      return resourcesOf(template)
        .filter((r) => r.type === 'Microsoft.Authorization/roleAssignments')
        .map((a) => {
          const props = a.properties as { roleDefinitionId: string; principalType: string; principalId: string };
          expect(props.principalType).toBe('ServicePrincipal');
          expect(props.principalId).toBe("[parameters('principalId')]");
          expect(a.name).toMatch(/^\[guid\(/);
          const role = /'([0-9a-f-]{36})'\)\]$/.exec(resolve(props.roleDefinitionId))?.[1] ?? props.roleDefinitionId;
          return `${role} @ ${a.scope ?? ''}`;
        });
    });
    expect(summary.sort()).toEqual(
      [
        // Storage Blob Data Owner on the storage account (host storage, deployment package)
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b @ [resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]",
        // Storage Table Data Contributor on the app's tables only: its data, and the sweeps' work list
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3 @ [resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('name'), 'default', parameters('tableName'))]",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3 @ [resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('name'), 'default', format('{0}sweeps', parameters('tableName')))]",
        // Monitoring Metrics Publisher on Application Insights
        "3913510d-42f4-4e42-8a64-420c390055eb @ [resourceId('Microsoft.Insights/components', format('appi-{0}', parameters('resourceToken')))]",
      ].sort(),
    );
    // The principal is the user-assigned identity the function app runs as.
    for (const name of ['storage', 'monitoring']) {
      expect(String(modules.get(name)?.parameters.principalId)).toContain('Microsoft.ManagedIdentity/userAssignedIdentities');
    }
    expect(text).not.toContain('974c5e8b-45b9-4653-ba55-5f855dd0fb88'); // no queue role: no queues are used
  });

  it('runs Node.js 22 on Flex Consumption, HTTPS only, TLS 1.2, no FTP or basic publishing', () => {
    expect(one('Microsoft.Web/serverfarms')).toMatchObject({ sku: { name: 'FC1', tier: 'FlexConsumption' }, properties: { reserved: true } });
    const site = one('Microsoft.Web/sites');
    expect(site.properties).toMatchObject({
      httpsOnly: true,
      siteConfig: { minTlsVersion: '1.2', ftpsState: 'Disabled' },
      functionAppConfig: {
        runtime: { name: 'node', version: '22' },
        deployment: { storage: { type: 'blobContainer', authentication: { type: 'UserAssignedIdentity' } } },
        scaleAndConcurrency: { instanceMemoryMB: "[parameters('instanceMemoryMB')]", maximumInstanceCount: "[parameters('maximumInstanceCount')]" },
      },
    });
    const policies = ofType('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((p) => p.properties)).toEqual([{ allow: false }, { allow: false }]);
    // The app's table and its sweeps' table (the name the configuration module derives from TABLE_NAME).
    expect(ofType('Microsoft.Storage/storageAccounts/tableServices/tables').map((t) => t.name).sort()).toEqual(
      ["[format('{0}/{1}/{2}', parameters('name'), 'default', format('{0}sweeps', parameters('tableName')))]", "[format('{0}/{1}/{2}', parameters('name'), 'default', parameters('tableName'))]"].sort(),
    );
  });

  it('sets identity-based host storage and exactly the settings the configuration module reads', () => {
    const settings = one('Microsoft.Web/sites/config').properties ?? {};
    expect(settings).toMatchObject({
      AzureWebJobsStorage__credential: 'managedidentity',
      AzureWebJobsStorage__accountName: "[parameters('storageAccountName')]",
      AzureWebJobsStorage__clientId: "[parameters('identityClientId')]",
    });
    expect(settings).not.toHaveProperty('AzureWebJobsStorage');
    expect(settings).not.toHaveProperty('FUNCTIONS_WORKER_RUNTIME');
    expect(String(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING)).toContain('Authorization=AAD');
    const hostSettings = new Set(['AzureWebJobsStorage__accountName', 'AzureWebJobsStorage__credential', 'AzureWebJobsStorage__clientId', 'AzureWebJobsFeatureFlags', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING']);
    const appSettings = Object.keys(settings).filter((k) => !hostSettings.has(k)).sort();
    expect(appSettings).toEqual([...deployedSettingNames].sort());
  });

  it("points the Teams channel's calling webhook at the callback function", async () => {
    const registrations = installFunctionsCore();
    await import('../../src/index.js');
    const callback = registrations.get('callback');
    const route = Object.values(callback?.bindings ?? {}).find((b) => b.type === 'httpTrigger')?.route;
    expect(route).toBe('callback');
    const channel = one('Microsoft.BotService/botServices/channels');
    expect(channel.properties).toMatchObject({
      channelName: 'MsTeamsChannel',
      properties: { isEnabled: true, enableCalling: true, callingWebhook: "[parameters('callbackUrl')]" },
    });
    const resources = modules.get('resources');
    expect(String(modules.get('bot')?.parameters.callbackUrl)).toContain("outputs.callbackUrl.value");
    const fnOutputs = modules.get('functionApp')?.template.outputs ?? {};
    expect(String(fnOutputs.callbackUrl?.value)).toMatch(new RegExp(`^\\[format\\('\\{0\\}/api/${route}', format\\('https://\\{0\\}', reference\\(.*\\)\\.defaultHostName\\)\\)\\]$`));
    expect(String(resources?.parameters.callbackUrl ?? modules.get('bot')?.parameters.callbackUrl)).toContain('functionApp');
    expect(one('Microsoft.BotService/botServices').properties).toMatchObject({ msaAppType: 'SingleTenant', msaAppId: "[parameters('botAppId')]" });
  });

  it("callers authenticate with Entra ID tokens by default: the API registration's audience and the tenant", () => {
    const params = (main as { parameters?: Record<string, { defaultValue?: unknown; allowedValues?: unknown[] }> }).parameters ?? {};
    expect(params.apiAuthMode).toMatchObject({ defaultValue: 'entra', allowedValues: ['entra', 'functionKey', 'both'] });
    expect(params.apiAllowedTenants?.defaultValue).toBe('[tenant().tenantId]');
    expect(String(params.apiAppIdUri?.defaultValue)).toContain("'api://{0}', parameters('apiClientId')");
    const settings = one('Microsoft.Web/sites/config').properties ?? {};
    expect(settings).toMatchObject({ API_AUTH_MODE: "[parameters('apiAuthMode')]", API_CLIENT_ID: "[parameters('apiClientId')]", API_APP_ID_URI: "[parameters('apiAppIdUri')]", API_ALLOWED_TENANTS: "[parameters('apiAllowedTenants')]" });
  });

  it('outputs the function base URL and callback URL for azd', () => {
    expect(Object.keys(main.outputs ?? {})).toEqual(expect.arrayContaining(['FUNCTION_BASE_URL', 'CALLBACK_URL', 'MANAGED_IDENTITY_PRINCIPAL_ID', 'BOT_APP_ID']));
    // The operator console's address, printed after azd up (its sign-in is registered by the postprovision hook).
    expect(String(main.outputs?.CONSOLE_URL?.value)).toMatch(/^\[format\('\{0\}\/console', reference\(.*outputs\.baseUrl\.value\)\]$/);
  });
});
