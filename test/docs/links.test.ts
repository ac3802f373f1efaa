import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenLinks } from './linkCheck';
import { headings, markdownFiles, readDoc, repoRoot, slug } from './markdown';

const repoDocs = new Map(markdownFiles().map((path) => [path, readDoc(path)]));

describe('links in the Markdown documents', () => {
  it('finds the documents', () => {
    expect([...repoDocs.keys()]).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/api.md', 'docs/settings.md']));
  });

  it('every relative link and heading anchor in every *.md resolves', () => {
    expect(brokenLinks({ docs: repoDocs, exists: (path) => existsSync(join(repoRoot, path)) })).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('`GET /api/calls/{callId}/timeline` (function `callTimeline`, `Calls.Read`)')).toBe('get-apicallscallidtimeline-function-calltimeline-callsread');
    expect(slug('Graph in the field: what we rely on, and what is our assumption')).toBe('graph-in-the-field-what-we-rely-on-and-what-is-our-assumption');
    expect(slug('The local stack (`dev/`)')).toBe('the-local-stack-dev');
    expect(headings('# A\n## A\n```\n# not a heading\n```\n## A').map((h) => h.anchor)).toEqual(['a', 'a-1', 'a-2']);
  });
});

describe('the link check on a planted fixture', () => {
  const fixture = (readme: string) => ({
    docs: new Map([
      ['README.md', readme],
      ['docs/api.md', '# HTTP contract\n\n## Callers and permissions\n\nBack to the [README](../README.md).\n'],
    ]),
    exists: (path: string) => path === 'docs' || path === 'openapi/openapi.json',
  });

  it('passes links that resolve', () => {
    expect(brokenLinks(fixture('[a](docs/api.md#callers-and-permissions) [b](openapi/openapi.json) [c](https://example.com/x#y) `[d](nowhere.md)`'))).toEqual([]);
  });

  it('fails a link to a missing file', () => {
    expect(brokenLinks(fixture('[a](docs/apii.md)'))).toEqual(['README.md:1: link "docs/apii.md": no file docs/apii.md (paths are relative to ./)']);
  });

  it('fails a link to a missing anchor', () => {
    const [problem] = brokenLinks(fixture('x\n[a](docs/api.md#callers)'));
    expect(problem).toContain('README.md:2: link "docs/api.md#callers": docs/api.md has no heading with the anchor #callers');
    expect(problem).toContain('#callers-and-permissions');
  });

  it('fails an anchor in the same file that no heading makes', () => {
    expect(brokenLinks(fixture('# Title\n[a](#titel)'))).toHaveLength(1);
  });
});

describe('every document in docs/', () => {
  it('says at its top who it is for (a "> **For:** ..." line under its title)', () => {
    const missing = [...repoDocs].filter(([path, text]) => path.startsWith('docs/') && !/^> \*\*For:\*\* \S/m.test(text.split('\n').slice(0, 6).join('\n')));
    expect(missing.map(([path]) => path)).toEqual([]);
  });
});
