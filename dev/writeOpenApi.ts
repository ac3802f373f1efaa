/*
 * `npm run openapi`: writes openapi/openapi.json, the definition to import as a custom connector,
 * and openapi/invitation.parse-json.json, the schema docs/power-automate.md gives Parse JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invitationViewSchema } from '../src/lib/http/apiSchemas';
import { buildOpenApi } from '../src/lib/http/openapi';
import { parseJsonSchema } from '../src/lib/http/parseJsonSchema';

const folder = join(__dirname, '..', '..', 'openapi');
mkdirSync(folder, { recursive: true });
const files = {
  'openapi.json': buildOpenApi(),
  'invitation.parse-json.json': parseJsonSchema(invitationViewSchema),
};
for (const [name, document] of Object.entries(files)) {
  writeFileSync(join(folder, name), JSON.stringify(document, null, 2) + '\n');
  console.log(`wrote ${join(folder, name)}`);
}
