/*
 * `npm run simulator`: only the Graph simulator, for running the app under Core Tools
 * (`func start`) instead of `npm start`. Prints the settings to put in local.settings.json.
 */
import { startGraphSimulator } from './simulator/simulatorServer';
import { createLocalTls } from './tls';

async function main(): Promise<void> {
  const tls = await createLocalTls();
  const port = Number(process.env.SIMULATOR_PORT ?? 7081);
  const simulator = await startGraphSimulator({ tls, httpPort: port });
  const s = simulator.sim.settings;
  const settings = {
    BOT_APP_ID: s.botAppId,
    BOT_TENANT_ID: s.tenantId,
    MANAGED_IDENTITY_CLIENT_ID: s.managedIdentityClientId,
    GRAPH_BASE_URL: `${simulator.httpUrl}/v1.0`,
    ENTRA_AUTHORITY_HOST: simulator.httpsUrl,
    CALLBACK_OPENID_METADATA_URL: `${simulator.httpUrl}/callback-auth/.well-known/OpenIdConfiguration`,
    IDENTITY_ENDPOINT: `${simulator.httpUrl}/msi/token`,
    IDENTITY_HEADER: simulator.sim.identity.identityHeader,
    API_AUTH_MODE: 'entra',
    API_CLIENT_ID: simulator.callers.api.clientId,
    API_ALLOWED_TENANTS: s.tenantId,
  };
  const { bot } = simulator.localCallers;
  console.log(`Graph simulator on ${simulator.httpUrl} (Entra authority ${simulator.httpsUrl}).

Add to local.settings.json "Values" (with STORAGE_CONNECTION_STRING=UseDevelopmentStorage=true and Azurite running):
${JSON.stringify(settings, null, 2)}

Start Core Tools so Node trusts the simulator's throwaway certificate:
  NODE_EXTRA_CA_CERTS=${tls.certFile} func start

A caller's token for the app (the local bot: Invitations.Invite, Calls.Read):
  curl -s ${simulator.httpUrl}/${s.tenantId}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${bot.appId} -d scope=${simulator.callers.api.appIdUri}/.default

Then start a call whose notifications go to the app:
  curl -s -X POST ${simulator.httpUrl}/_sim/calls -H 'content-type: application/json' -d '{"callbackUrl":"http://localhost:7071/api/callback"}'
`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
