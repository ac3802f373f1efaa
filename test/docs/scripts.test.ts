import { describe, expect, it } from 'vitest';
import { scriptProblems } from './docRules';
import { markdownFiles, readDoc, readJson } from './markdown';

const scripts = Object.keys(readJson<{ scripts: Record<string, string> }>('package.json').scripts);

describe('npm scripts the docs name', () => {
  it('every `npm run X` in a *.md exists in package.json', () => {
    expect(scriptProblems(new Map(markdownFiles().map((p) => [p, readDoc(p)])), scripts)).toEqual([]);
  });

  it('fails on a planted script that does not exist', () => {
    const docs = new Map([['README.md', 'Run `npm run build`, `npm test`, then `npm run docs:serve`.']]);
    expect(scriptProblems(docs, scripts)).toEqual([`README.md:1: "npm run docs:serve" names no script in package.json (scripts: ${scripts.join(', ')})`]);
  });
});
