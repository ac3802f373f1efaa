import { describe, expect, it } from 'vitest';
import { apiVersion } from '../../src/lib/http/openapi/openapi';
import { headings, readDoc, readJson } from './markdown';

const packageJson = readJson<{ version: string }>('package.json');

/** Released versions in CHANGELOG.md, newest first (`## 1.2.3 - 2026-11-26`). */
export function releasedVersions(markdown: string): string[] {
  return headings(markdown).flatMap((h) => /^(\d+\.\d+\.\d+) - \d{4}-\d{2}-\d{2}$/.exec(h.text)?.slice(1, 2) ?? []);
}

describe('CHANGELOG.md', () => {
  it('has an Unreleased section and its newest release is the version in package.json', () => {
    const changelog = readDoc('CHANGELOG.md');
    expect(headings(changelog).map((h) => h.text)).toContain('Unreleased');
    expect(releasedVersions(changelog)[0], 'a release moves Unreleased under a new version and sets it in package.json').toBe(packageJson.version);
  });

  it("the OpenAPI document's info.version is package.json's (apiVersion in src/lib/http/openapi/openapi.ts, then npm run openapi)", () => {
    expect(apiVersion).toBe(packageJson.version);
    expect(readJson<{ info: { version: string } }>('openapi/openapi.json').info.version).toBe(packageJson.version);
  });

  it('reads versions as a release heading writes them (planted fixture)', () => {
    expect(releasedVersions('# Changelog\n## Unreleased\n## 0.5.0 - 2026-12-02\n## 0.4.0 - 2026-11-26\n')).toEqual(['0.5.0', '0.4.0']);
  });
});
