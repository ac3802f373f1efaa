import { describe, expect, it } from 'vitest';
import { curlCommands, startBanner } from '../../dev/startBanner';
import { fences, readDoc } from './markdown';

/** What `npm start` prints, on its default ports, with the call id as the README's shell variable. */
const printed = startBanner({
  api: 'http://127.0.0.1:7071',
  sim: 'http://127.0.0.1:7081',
  azuriteEndpoint: 'http://127.0.0.1:10002',
  callId: '$CALL',
  token: 'eyJ...',
  tenantId: '<tenant>',
  appIdUri: 'api://<api client id>',
  botAppId: '<local bot>',
  operatorAppId: '<operator>',
  connectorAppId: '<connector>',
  maker: '<maker>',
  telemetry: 'off',
});

/** The curl lines of a document's shell examples that `npm start` does not print. */
function notPrinted(markdown: string): string[] {
  const shown = fences(markdown).filter((f) => f.lang === 'sh').flatMap((f) => curlCommands(f.body));
  const known = curlCommands(printed);
  return shown.filter((c) => !known.includes(c));
}

describe("the curl lines of the local examples", () => {
  it('are the ones npm start prints (dev/startBanner.ts), in the README and docs/development.md', () => {
    const readme = readDoc('README.md');
    expect(curlCommands(fences(readme).filter((f) => f.lang === 'sh').map((f) => f.body).join('\n')).length).toBeGreaterThanOrEqual(3);
    for (const doc of ['README.md', 'docs/development.md']) {
      expect(notPrinted(readDoc(doc)), `${doc}: copy the line from dev/startBanner.ts, with $CALL for the call id`).toEqual([]);
    }
  });

  it('fail when one drifts from what npm start prints (planted fixture)', () => {
    const drifted = '```sh\ncurl -s -H "authorization: Bearer $TOKEN" http://127.0.0.1:7071/api/calls/$CALL/roster\n```\n';
    expect(notPrinted(drifted)).toEqual(['curl -s -H "authorization: Bearer $TOKEN" http://127.0.0.1:7071/api/calls/$CALL/roster']);
    const same = '```sh\ncurl -i -X POST http://127.0.0.1:7071/api/calls/$CALL/participants/invite \\\n  -H "authorization: Bearer $TOKEN" -H \'content-type: application/json\' \\\n  -d \'{"participants":[{"identity":{"user":{"id":"8b081ef6-4792-4def-b2c9-c363a1bf41d5","displayName":"Ada"}}}],"clientContext":"first-invite"}\'\n```\n';
    expect(notPrinted(same)).toEqual([]);
  });
});
