/*
 * `npm start`: the whole product on this machine, offline. Azurite Tables, the Graph simulator
 * (Graph, managed identity, Entra, the callback signing keys) and the function app on :7071,
 * served from the same registrations the Functions host uses.
 */
import { join } from 'node:path';
import { requestToken } from './callerToken';
import { startLocalStack } from './localStack';

/** The deployable build, exactly what package.json "main" gives the Functions host. */
const root = join(__dirname, '..', '..');
const appEntry = join(root, (require(join(root, 'package.json')) as { main: string }).main);

const hostPort = Number(process.env.PORT ?? 7071);

/** Where this run's spans, logs and metrics go (README "Telemetry"). */
function telemetryNote(): string {
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return `OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}`;
  if (process.env.TELEMETRY_CONSOLE === 'true') return 'printed below as it happens (spans, log records; metrics every 10 s)';
  return 'off; TELEMETRY_CONSOLE=true npm start prints it, OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 npm start sends it over OTLP';
}

async function main(): Promise<void> {
  const stack = await startLocalStack({
    hostPort,
    simulatorPort: Number(process.env.SIMULATOR_PORT ?? 7081),
    log: (level, ...args) => console.log(`[${level}]`, ...args),
    loadApp: async () => require(appEntry),
    // The minute timer's real loop (the tests' stacks make a run one pass).
    extraSettings: { SWEEP_RUN_SECONDS: '40' },
  });
  const call = stack.simulator.sim.createCall(`${stack.host.url}/api/callback`);
  // Every timer on its schedule, as the host would run it (the daily ones too, should this run so long).
  const timers = stack.host.startSchedules();
  const api = stack.host.url;
  const sim = stack.simulator.httpUrl;
  const { bot, operator, connector, maker } = stack.simulator.localCallers;
  const { appIdUri, tenantId } = stack.simulator.callers.api;
  const tokenUrl = `${sim}/${tenantId}/oauth2/v2.0/token`;
  const token = await requestToken(stack, bot.appId);
  console.log(`
Function app:     ${api}/api  (callers need an Entra ID token for ${appIdUri})
Graph simulator:  ${sim}  (Azurite Tables at ${stack.azurite.endpoint})
An active call:   ${call.id}

A token of the local bot (app roles Invitations.Invite and Calls.Read), valid for an hour:
  TOKEN=${token}
A new one (client credentials at the local Entra token endpoint; the operator ${operator.appId} holds Operations.Admin):
  curl -s ${tokenUrl} -d grant_type=client_credentials -d client_id=${bot.appId} -d scope=${appIdUri}/.default
A maker's delegated token through the connector (scp; the simulator checks no password):
  curl -s ${tokenUrl} -d grant_type=password -d client_id=${connector.appId} -d username=${maker} -d password=x -d 'scope=${appIdUri}/Invitations.Invite ${appIdUri}/Calls.Read'

Invite someone (the simulated callee answers; try "behaviour": "decline" or "noAnswer" below):
  curl -i -X POST ${api}/api/calls/${call.id}/participants/invite \\
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"participants":[{"identity":{"user":{"id":"8b081ef6-4792-4def-b2c9-c363a1bf41d5","displayName":"Ada"}}}],"clientContext":"first-invite"}'

Follow the Location header:   curl -i -H "authorization: Bearer $TOKEN" ${api}/api/calls/${call.id}/invitations/first-invite
Who is in the call:           curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${call.id}/participants
Cancel it while it rings:     curl -i -X DELETE -H "authorization: Bearer $TOKEN" ${api}/api/calls/${call.id}/invitations/first-invite
                              (set "ringMs": 20000 in the scenario first; remove someone: DELETE .../participants/<participantId>)
Webhooks to a local receiver: curl -s -X POST ${api}/api/subscriptions -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"notificationUrl":"http://127.0.0.1:8080/hooks","events":["participant.joined","invitation.finished"]}'
                              (signed deliveries every 30 s here; the answer's secret verifies them)
What happened, in order:      curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${call.id}/timeline
The call drawn as a page:     curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${call.id}/view -o call.html   (then open call.html)
Without a token:              curl -i ${api}/api/calls/${call.id}/participants   (401, WWW-Authenticate: Bearer)
Change what callees do:       curl -s -X PATCH ${sim}/_sim/scenario -H 'content-type: application/json' -d '{"behaviour":"decline"}'
Start another call:           curl -s -X POST ${sim}/_sim/calls -H 'content-type: application/json' -d '{"callbackUrl":"${api}/api/callback"}'
End the call:                 curl -s -X POST ${sim}/_sim/calls/${call.id}/end

Telemetry: ${telemetryNote()}
`);
  const stop = () => {
    void timers.stop().then(() => stack.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
