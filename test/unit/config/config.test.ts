import { describe, expect, it } from 'vitest';
import { loadConfig, settingNames } from '../../../src/lib/config/config';
import { ConfigError } from '../../../src/lib/errors/appError';

const minimal = {
  STORAGE_TABLE_ENDPOINT: 'https://acct.table.core.windows.net',
  BOT_APP_ID: 'app',
  BOT_TENANT_ID: 'tenant',
  PUBLIC_BASE_URL: 'https://func.example.net/',
};

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const c = loadConfig(minimal);
    expect(c.graph.baseUrl).toBe('https://graph.microsoft.com/v1.0');
    expect(c.graph.authMode).toBe('federatedBot');
    expect(c.callbackAuth.audience).toBe('app');
    expect(c.callbackAuth.issuers).toEqual(['https://graph.microsoft.com', 'https://api.botframework.com']);
    expect(c.publicBaseUrl).toBe('https://func.example.net');
    expect(c.invitationTimeoutSeconds).toBe(120);
    expect(c.tableName).toBe('callinvitations');
  });

  it('names every wrong setting at once', () => {
    try {
      loadConfig({ GRAPH_AUTH_MODE: 'secret', INVITATION_TIMEOUT_SECONDS: '30', GRAPH_BASE_URL: 'ftp://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      for (const name of ['BOT_APP_ID', 'GRAPH_AUTH_MODE', 'INVITATION_TIMEOUT_SECONDS', 'GRAPH_BASE_URL', 'STORAGE_TABLE_ENDPOINT', 'PUBLIC_BASE_URL']) {
        expect(text).toContain(name);
      }
    }
  });

  it('requires the tenant only for the federated bot mode', () => {
    const { BOT_TENANT_ID: _omit, ...rest } = minimal;
    expect(() => loadConfig(rest)).toThrow(/BOT_TENANT_ID/);
    expect(loadConfig({ ...rest, GRAPH_AUTH_MODE: 'managedIdentity' }).bot.tenantId).toBeUndefined();
  });

  it('derives the public URL from WEBSITE_HOSTNAME in Azure', () => {
    const { PUBLIC_BASE_URL: _omit, ...rest } = minimal;
    expect(loadConfig({ ...rest, WEBSITE_HOSTNAME: 'app.azurewebsites.net' }).publicBaseUrl).toBe('https://app.azurewebsites.net');
  });

  it('lists every setting it reads', () => {
    expect(settingNames).toContain('CALLBACK_OPENID_METADATA_URL');
    expect(settingNames).toContain('MANAGED_IDENTITY_CLIENT_ID');
  });
});
