import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAzuriteTables, type AzuriteTables } from '../../dev/azurite';
import { loadConfig } from '../../src/lib/config/config';
import { newInvitation } from '../../src/lib/domain/invitation';
import { createServices } from '../../src/lib/app/services';

let azurite: AzuriteTables;
beforeAll(async () => {
  // UseDevelopmentStorage=true means Azurite's default table port: the Core Tools setup.
  azurite = await startAzuriteTables({ port: 10002 });
});
afterAll(async () => {
  await azurite?.stop();
});

it('works against plain Azurite with UseDevelopmentStorage=true, creating its table on first use', async () => {
  const config = loadConfig({
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    TABLE_NAME: `t${Date.now()}`,
    BOT_APP_ID: 'app',
    BOT_TENANT_ID: 'tenant',
    PUBLIC_BASE_URL: 'http://localhost:7071',
    API_AUTH_MODE: 'functionKey',
  });
  const { invitations: store } = await createServices(config);
  const ada = { kind: 'user' as const, id: 'ada', displayName: undefined, tenantId: undefined };
  const inv = newInvitation({ callId: 'c1', clientContext: 'x', invitees: [ada], requestHash: 'h', now: new Date(), timeoutSeconds: 120 });
  expect((await store.createInvitation(inv)).created).toBe(true);
  expect((await store.getInvitation('c1', 'x'))?.value.status).toBe('pending');
});
