import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const limit = 150;
const reason = /Longer than 150 lines because \S/;

/** Source files over the limit that do not say why in their first lines. */
export function unexplainedLongFiles(files: ReadonlyMap<string, string>): string[] {
  return [...files]
    .filter(([, text]) => text.split('\n').length - 1 > limit && !reason.test(text.split('\n').slice(0, 5).join('\n')))
    .map(([file, text]) => `${file}: ${text.split('\n').length - 1} lines; split it, or start it with "// Longer than 150 lines because <why>"`);
}

describe('file size in src/ and dev/', () => {
  it(`every file over ${limit} lines says why at its top`, () => {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'dev'], { cwd: root, encoding: 'utf8' });
    const files = new Map(listed.split('\n').filter((f) => /\.(ts|mjs)$/.test(f)).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    expect(files.size).toBeGreaterThan(100);
    expect(unexplainedLongFiles(files)).toEqual([]);
  });

  it('fails on a planted long file without a reason', () => {
    const long = 'x\n'.repeat(151);
    expect(unexplainedLongFiles(new Map([['src/a.ts', long], ['src/b.ts', `// Longer than 150 lines because tables.\n${long}`], ['src/c.ts', 'x\n'.repeat(150)]]))).toEqual([
      'src/a.ts: 151 lines; split it, or start it with "// Longer than 150 lines because <why>"',
    ]);
  });
});
