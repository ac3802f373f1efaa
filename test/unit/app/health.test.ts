import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/lib/config/config';
import { checkHealth } from '../../../src/lib/app/health';

describe('checkHealth', () => {
  it('names the settings that are wrong, never their values', async () => {
    const report = await checkHealth(async () => {
      loadConfig({ BOT_APP_ID: 'secret-looking-value', GRAPH_BASE_URL: 'not a url' });
      throw new Error('unreachable');
    });
    expect(report.status).toBe('unhealthy');
    expect(report.checks.configuration.ok).toBe(false);
    expect(report.checks.configuration.problems).toEqual(expect.arrayContaining(['GRAPH_BASE_URL', 'STORAGE_TABLE_ENDPOINT', 'BOT_TENANT_ID']));
    expect(JSON.stringify(report)).not.toContain('secret-looking-value');
    expect(JSON.stringify(report)).not.toContain('not a url');
  });
});
