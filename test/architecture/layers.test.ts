import { cp, mkdtemp, readdir, rm, appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const config = createRequire(__filename)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function violationsIn(baseDir: string, folders = ['src']): Promise<string[]> {
  const { output } = await cruise(folders, { ...config.options, ruleSet: config, baseDir, validate: true });
  const result = output as ICruiseResult;
  expect(result.summary.totalCruised).toBeGreaterThan(50);
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('the layering of src/lib (.dependency-cruiser.cjs)', () => {
  const scratch: string[] = [];
  afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('holds: no file imports against the allowed directions, no cycles in src/ or dev/', async () => {
    expect(await violationsIn(root, ['src', 'dev'])).toEqual([]);
  });

  it('leaves no loose files in src/lib: every file lives in its part of the design', async () => {
    const loose = (await readdir(path.join(root, 'src/lib'), { withFileTypes: true })).filter((e) => !e.isDirectory());
    expect(loose.map((e) => e.name)).toEqual([]);
  });

  it.each([
    ['domain reaching into storage', 'src/lib/domain/roster.ts', "import '../storage/keys';", 'domain-imports-only-domain'],
    ['domain reading the clock through a Node built-in', 'src/lib/domain/roster.ts', "import 'node:timers';", 'domain-has-no-packages'],
    ['storage importing the HTTP edge', 'src/lib/storage/keys.ts', "import type { ProblemExtensions } from '../http/problem';", 'storage-imports-only-storage-domain-config-errors'],
    ['graph importing storage (type only)', 'src/lib/graph/resourcePath.ts', "import type { TableEntity } from '../storage/entities';", 'graph-imports-only-graph-domain-config-errors-auth-telemetry'],
    ['telemetry reaching into storage', 'src/lib/telemetry/dimensions.ts', "import '../storage/keys';", 'telemetry-imports-only-telemetry-config-errors'],
    ['auth importing storage', 'src/lib/auth/publishedKeys.ts', "import '../storage/keys';", 'auth-imports-only-auth-domain-config-errors'],
    ['the HTTP edge importing the OpenAPI builder', 'src/lib/http/views.ts', "import './openapi/openapi';", 'http-core-does-not-import-its-rooms'],
    ['the timeline page importing the OpenAPI builder', 'src/lib/http/timeline/timelinePage.ts', "import '../openapi/openapiCommon';", 'timeline-does-not-import-openapi'],
    ['a cycle between two files', 'src/lib/domain/roster.ts', "import '../domain/applyRoster';", 'no-circular'],
    ['lib reaching up to a handler', 'src/lib/app/health.ts', "import '../../handlers/health';", 'lib-does-not-know-the-edge'],
  ])('fails on a planted violation: %s', async (_what, file, line, rule) => {
    const copy = await mkdtemp(path.join(tmpdir(), 'layers-'));
    scratch.push(copy);
    await cp(path.join(root, 'src'), path.join(copy, 'src'), { recursive: true });
    await appendFile(path.join(copy, file), `\n${line}\n`);
    const violations = await violationsIn(copy);
    expect(violations.some((v) => v.startsWith(`${rule}: `) && v.includes(file)), violations.join("\n")).toBe(true);
  });
});
