/* `npm run openapi`: writes openapi/openapi.json, the definition to import as a custom connector. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApi } from '../src/lib/http/openapi';

const folder = join(__dirname, '..', '..', 'openapi');
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'openapi.json'), JSON.stringify(buildOpenApi(), null, 2) + '\n');
console.log(`wrote ${join(folder, 'openapi.json')}`);
