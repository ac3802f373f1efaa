/*
 * `npm run openapi`: writes openapi/openapi.json, the definition to import as a custom connector
 * (OAuth 2.0 with Microsoft Entra ID; openapi.function-key.json is the same with a function key),
 * and openapi/invitation.parse-json.json and call.parse-json.json, the schemas docs/power-automate.md
 * gives Parse JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invitationViewSchema } from '../src/lib/http/apiSchemas';
import { buildOpenApi } from '../src/lib/http/openapi/openapi';
import { parseJsonSchema } from '../src/lib/http/openapi/parseJsonSchema';
import { callViewSchema } from '../src/lib/http/callSchemas';

const folder = join(__dirname, '..', '..', 'openapi');
mkdirSync(folder, { recursive: true });
const files = {
  'openapi.json': buildOpenApi(),
  'openapi.function-key.json': buildOpenApi(undefined, undefined, 'functionKey'),
  'invitation.parse-json.json': parseJsonSchema(invitationViewSchema),
  'call.parse-json.json': parseJsonSchema(callViewSchema),
};
for (const [name, document] of Object.entries(files)) {
  writeFileSync(join(folder, name), JSON.stringify(document, null, 2) + '\n');
  console.log(`wrote ${join(folder, name)}`);
}
