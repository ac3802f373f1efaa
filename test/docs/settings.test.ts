import { describe, expect, it } from 'vitest';
import { settingNames } from '../../src/lib/config/config';
import { telemetryConfig } from '../../src/lib/config/telemetrySettings';
import { settingProblems, settingRows } from './docRules';
import { readDoc } from './markdown';

/** Every setting src/lib/config reads: the validated schema's, and those the telemetry reader touches. */
function settingsTheConfigReads(): string[] {
  const touched = new Set<string>(settingNames);
  telemetryConfig(new Proxy({}, { get: (_, key) => (touched.add(String(key)), undefined) }));
  return [...touched];
}

describe('the settings table (docs/settings.md)', () => {
  it('has a row for every setting the configuration reads, and no row for one it does not', () => {
    expect(settingProblems(readDoc('docs/settings.md'), settingsTheConfigReads())).toEqual([]);
  });
});

describe('the settings check on a planted fixture', () => {
  const table = '| Setting | Meaning | Default |\n| --- | --- | --- |\n| `TABLE_NAME` | the table | `x` |\n| `IDENTITY_ENDPOINT`, `IDENTITY_HEADER` | platform | - |\n\nAfter `NOT_A_ROW`.';

  it('reads the rows, several names to a row', () => {
    expect(settingRows(table)).toEqual(['TABLE_NAME', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER']);
    expect(settingProblems(table, ['TABLE_NAME'])).toEqual([]);
  });

  it('fails a setting added without a row, saying where to add it', () => {
    expect(settingProblems(table, ['TABLE_NAME', 'NEW_SETTING'])).toEqual([
      'setting NEW_SETTING is read by src/lib/config but has no row in the table of docs/settings.md: add "| `NEW_SETTING` | <meaning> | <default> |"',
    ]);
  });

  it('fails a row for a setting nothing reads', () => {
    expect(settingProblems(table, [])[0]).toContain('docs/settings.md has a row for TABLE_NAME, which src/lib/config does not read');
  });
});
