/**
 * What `npm start` prints: where everything runs and working requests. One function of its values,
 * so the README's example can be checked against it (test/docs/startBanner.test.ts).
 */
export interface BannerValues {
  /** The function app's base URL, e.g. http://127.0.0.1:7071. */
  readonly api: string;
  /** The Graph simulator's base URL. */
  readonly sim: string;
  readonly azuriteEndpoint: string;
  readonly callId: string;
  readonly token: string;
  readonly tenantId: string;
  readonly appIdUri: string;
  readonly botAppId: string;
  readonly operatorAppId: string;
  readonly connectorAppId: string;
  readonly maker: string;
  readonly telemetry: string;
}

export function startBanner(v: BannerValues): string {
  const { api, sim, callId } = v;
  const tokenUrl = `${sim}/${v.tenantId}/oauth2/v2.0/token`;
  return `
Function app:     ${api}/api  (callers need an Entra ID token for ${v.appIdUri})
Graph simulator:  ${sim}  (Azurite Tables at ${v.azuriteEndpoint})
An active call:   ${callId}

A token of the local bot (app roles Invitations.Invite and Calls.Read), valid for an hour:
  TOKEN=${v.token}
A new one (client credentials at the local Entra token endpoint; the operator ${v.operatorAppId} holds Operations.Admin):
  curl -s ${tokenUrl} -d grant_type=client_credentials -d client_id=${v.botAppId} -d scope=${v.appIdUri}/.default
A maker's delegated token through the connector (scp; the simulator checks no password):
  curl -s ${tokenUrl} -d grant_type=password -d client_id=${v.connectorAppId} -d username=${v.maker} -d password=x -d 'scope=${v.appIdUri}/Invitations.Invite ${v.appIdUri}/Calls.Read'

Invite someone (the simulated callee answers; try "behaviour": "decline" or "noAnswer" below):
  curl -i -X POST ${api}/api/calls/${callId}/participants/invite \\
    -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"participants":[{"identity":{"user":{"id":"8b081ef6-4792-4def-b2c9-c363a1bf41d5","displayName":"Ada"}}}],"clientContext":"first-invite"}'

Follow the Location header:   curl -i -H "authorization: Bearer $TOKEN" ${api}/api/calls/${callId}/invitations/first-invite
Who is in the call:           curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${callId}/participants
Cancel it while it rings:     curl -i -X DELETE -H "authorization: Bearer $TOKEN" ${api}/api/calls/${callId}/invitations/first-invite
                              (set "ringMs": 20000 in the scenario first; remove someone: DELETE .../participants/<participantId>)
Webhooks to a local receiver: curl -s -X POST ${api}/api/subscriptions -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"notificationUrl":"http://127.0.0.1:8080/hooks","events":["participant.joined","invitation.finished"]}'
                              (signed deliveries every 30 s here; the answer's secret verifies them)
What happened, in order:      curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${callId}/timeline
The call drawn as a page:     curl -s -H "authorization: Bearer $TOKEN" ${api}/api/calls/${callId}/view -o call.html   (then open call.html)
Without a token:              curl -i ${api}/api/calls/${callId}/participants   (401, WWW-Authenticate: Bearer)
Change what callees do:       curl -s -X PATCH ${sim}/_sim/scenario -H 'content-type: application/json' -d '{"behaviour":"decline"}'
Start another call:           curl -s -X POST ${sim}/_sim/calls -H 'content-type: application/json' -d '{"callbackUrl":"${api}/api/callback"}'
End the call:                 curl -s -X POST ${sim}/_sim/calls/${callId}/end

Telemetry: ${v.telemetry}
`;
}

/** The curl commands in a text, each joined across its `\` continuations, whitespace collapsed. */
export function curlCommands(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/\bcurl .*$/gm)].map((m) =>
    m[0]
      .replace(/\s+\(.*\)\s*$/, '') // a trailing "(then open call.html)"-style note
      .replace(/\s+#.*$/, '') // a shell comment
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
