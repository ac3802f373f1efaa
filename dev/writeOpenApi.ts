/*
 * `npm run openapi`: writes openapi/openapi.json, the definition to import as a custom connector
 * (OAuth 2.0 with Microsoft Entra ID; openapi.function-key.json is the same with a function key),
 * and openapi/invitation.parse-json.json, the schema docs/power-automate.md gives Parse JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invitationViewSchema } from '../src/lib/http/apiSchemas';
import { buildOpenApi } from '../src/lib/http/openapi/openapi';
import { parseJsonSchema } from '../src/lib/http/openapi/parseJsonSchema';

const folder = join(__dirname, '..', '..', 'openapi');
mkdirSync(folder, { recursive: true });
const files = {
  'openapi.json': buildOpenApi(),
  'openapi.function-key.json': buildOpenApi(undefined, undefined, 'functionKey'),
  'invitation.parse-json.json': parseJsonSchema(invitationViewSchema),
};
for (const [name, document] of Object.entries(files)) {
  writeFileSync(join(folder, name), JSON.stringify(document, null, 2) + '\n');
  console.log(`wrote ${join(folder, name)}`);
}
