import { describe, expect, it } from 'vitest';
import { loadConfig, settingNames } from '../../../src/lib/config/config';
import { hostAuthLevel, parseApiAuthMode } from '../../../src/lib/config/apiAuthMode';
import { ConfigError } from '../../../src/lib/errors/appError';

const minimal = {
  STORAGE_TABLE_ENDPOINT: 'https://acct.table.core.windows.net',
  BOT_APP_ID: 'app',
  BOT_TENANT_ID: 'tenant',
  PUBLIC_BASE_URL: 'https://func.example.net/',
  API_CLIENT_ID: '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e',
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
    // Callers' tenants are then named explicitly.
    expect(loadConfig({ ...rest, GRAPH_AUTH_MODE: 'managedIdentity', API_ALLOWED_TENANTS: 'aa67bd4c-8475-432d-bd41-39f255720e0a' }).bot.tenantId).toBeUndefined();
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

describe('caller authentication settings', () => {
  it('defaults to Entra tokens: audiences are the application ID URI and the client id, the tenant is the bot\'s', () => {
    expect(loadConfig(minimal).apiAuth).toEqual({
      mode: 'entra',
      audiences: ['api://6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e', '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e'],
      tenants: ['tenant'],
      appIdUri: 'api://6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e',
      // Also the operator console's client.
      clientId: '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e',
    });
    const custom = loadConfig({ ...minimal, API_APP_ID_URI: 'https://invites.contoso.com', API_ALLOWED_TENANTS: 'aa67bd4c-8475-432d-bd41-39f255720e0a, 0f4a7c11-94b6-4c43-9a70-2f4b2b0e9d01' }).apiAuth;
    expect(custom.audiences).toEqual(['https://invites.contoso.com', '6c1f4f0e-2a47-4d0b-9a55-0d3f5d1b2c3e']);
    expect(custom.tenants).toEqual(['aa67bd4c-8475-432d-bd41-39f255720e0a', '0f4a7c11-94b6-4c43-9a70-2f4b2b0e9d01']);
  });

  it('needs the API registration unless function keys alone are used, and names what is wrong', () => {
    const { API_CLIENT_ID: _omit, ...keysOnly } = minimal;
    expect(loadConfig({ ...keysOnly, API_AUTH_MODE: 'functionKey' }).apiAuth.mode).toBe('functionKey');
    expect(() => loadConfig({ ...keysOnly, API_AUTH_MODE: 'both' })).toThrow(/API_CLIENT_ID/);
    expect(() => loadConfig({ ...minimal, API_AUTH_MODE: 'keys' })).toThrow(/API_AUTH_MODE/);
    expect(() => loadConfig({ ...minimal, API_ALLOWED_TENANTS: 'contoso.com' })).toThrow(/API_ALLOWED_TENANTS/);
    expect(() => loadConfig({ ...minimal, API_CLIENT_ID: 'api://x' })).toThrow(/API_CLIENT_ID/);
  });

  it('registration: the host checks keys except in entra mode, and keeps them for a mode it does not know (fail closed)', () => {
    expect(parseApiAuthMode(undefined)).toBe('entra');
    expect(parseApiAuthMode('both')).toBe('both');
    expect(parseApiAuthMode('Entra')).toBeUndefined();
    expect(hostAuthLevel('function', 'entra')).toBe('anonymous');
    expect(hostAuthLevel('admin', 'entra')).toBe('anonymous');
    expect(hostAuthLevel('function', 'functionKey')).toBe('function');
    expect(hostAuthLevel('admin', 'both')).toBe('admin');
    expect(hostAuthLevel('function', undefined)).toBe('function');
    expect(hostAuthLevel('anonymous', 'functionKey')).toBe('anonymous');
  });
});

describe('incoming call settings', () => {
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig({ ...minimal, ...env });
    } catch (error) {
      return (error as ConfigError).problems.join('\n');
    }
    return '';
  };

  it('leave calls alone by default; answer only the bot tenant, any caller', () => {
    expect(loadConfig(minimal).incomingCalls).toEqual({ mode: 'leave', allowedTenants: ['tenant'], allowedCallers: 'any' });
    const { BOT_TENANT_ID: _omit, ...noTenant } = minimal;
    expect(loadConfig({ ...noTenant, GRAPH_AUTH_MODE: 'managedIdentity', API_AUTH_MODE: 'functionKey' }).incomingCalls.allowedTenants).toBe('any');
  });

  it('reads lists, * for anyone', () => {
    const c = loadConfig({ ...minimal, INCOMING_CALL_POLICY: 'answer', INCOMING_CALL_ALLOWED_TENANTS: ' t1, t2 ', INCOMING_CALL_ALLOWED_CALLERS: 'u1,*' });
    expect(c.incomingCalls).toEqual({ mode: 'answer', allowedTenants: ['t1', 't2'], allowedCallers: 'any' });
    expect(loadConfig({ ...minimal, INCOMING_CALL_ALLOWED_TENANTS: '*' }).incomingCalls.allowedTenants).toBe('any');
  });

  it('names a wrong policy or an empty list', () => {
    expect(problemsOf({ INCOMING_CALL_POLICY: 'maybe' })).toContain('INCOMING_CALL_POLICY');
    expect(problemsOf({ INCOMING_CALL_ALLOWED_CALLERS: ' , ' })).toContain('INCOMING_CALL_ALLOWED_CALLERS: must list at least one, or be *');
  });
});
