import { describe, expect, it } from 'vitest';
import { exampleProblems, type OpenApiDefinitions } from './exampleCheck';
import { markdownFiles, readDoc, readJson } from './markdown';

const openapi = readJson<OpenApiDefinitions>('openapi/openapi.json');

const repoDocs = new Map(markdownFiles().map((path) => [path, readDoc(path)]));

describe('JSON examples in the docs', () => {
  it('every ```json example parses and validates against the OpenAPI schema named above it', () => {
    expect(exampleProblems(repoDocs, openapi)).toEqual([]);
  });
});

describe('the example check on a planted fixture', () => {
  const definitions = { definitions: { Health: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['healthy'] } } } } };
  const doc = (block: string) => new Map([['docs/api.md', `Text.\n\n${block}\n`]]);

  it('passes an example that validates', () => {
    expect(exampleProblems(doc('<!-- schema: Health -->\n```json\n{"status": "healthy"}\n```'), definitions)).toEqual([]);
  });

  it('fails an example that stops validating', () => {
    const [problem] = exampleProblems(doc('<!-- schema: Health -->\n\n```json\n{"status": "ill"}\n```'), definitions);
    expect(problem).toMatch(/^docs\/api\.md:5: JSON example is not a valid Health: example\/status must be equal to one of the allowed values/);
  });

  it('fails an example without its schema line, or naming no schema', () => {
    expect(exampleProblems(doc('```json\n{"status": "healthy"}\n```'), definitions)[0]).toContain('needs the line `<!-- schema: <Name> -->`');
    expect(exampleProblems(doc('<!-- schema: Healthy -->\n```json\n{}\n```'), definitions)[0]).toContain('one of: Health');
  });

  it('fails an example that is not JSON', () => {
    expect(exampleProblems(doc('<!-- schema: Health -->\n```json\n{"status": ...}\n```'), definitions)[0]).toContain('does not parse');
  });
});
