import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { registeredFunctions } from '../../../support/registrations';
import * as examples from '../../../../src/lib/http/openapi/apiExamples';
import { invitationViewSchema, problemSchema, rosterViewSchema } from '../../../../src/lib/http/apiSchemas';
import { parseInviteBody } from '../../../../src/lib/graph/inviteRequest';
import { buildOpenApi } from '../../../../src/lib/http/openapi/openapi';
import { parseJsonSchema } from '../../../../src/lib/http/openapi/parseJsonSchema';
import { undocumentedRoutes } from '../../../../src/lib/http/openapi/openapiTimeline';

type Doc = { paths: Record<string, Record<string, { operationId?: string; summary?: string; description?: string; parameters?: Record<string, unknown>[]; responses: Record<string, { examples?: Record<string, unknown> }> }>> };
const doc = buildOpenApi() as unknown as Doc;

describe('OpenAPI definition', () => {
  it('is valid Swagger 2.0 and small enough for a custom connector', async () => {
    await expect(SwaggerParser.validate(structuredClone(buildOpenApi()) as never)).resolves.toBeTruthy();
    expect(JSON.stringify(buildOpenApi()).length).toBeLessThan(1024 * 1024);
  });

  it.each([
    ['openapi.json', buildOpenApi()],
    ['openapi.function-key.json', buildOpenApi(undefined, undefined, 'functionKey')],
  ])('is the file kept in the repo, %s (run `npm run openapi` after changing a schema)', (file, built) => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'openapi', file), 'utf8'));
    expect(committed).toEqual(built);
  });

  it('and the Parse JSON schema the guide hands out is the one kept in the repo', () => {
    const committed: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'openapi', 'invitation.parse-json.json'), 'utf8'));
    expect(committed).toEqual(parseJsonSchema(invitationViewSchema));
  });

  it('gives every operation an id, summary and description, and every parameter x-ms-summary and x-ms-visibility', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods).filter(([m]) => !m.startsWith('x-'))) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(op.summary?.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(op.description?.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const p of op.parameters ?? []) {
          expect(p['x-ms-summary'], `${method} ${path} ${String(p.name)}`).toBeTypeOf('string');
          if (p.in !== 'body') expect(['important', 'advanced', 'internal']).toContain(p['x-ms-visibility']);
        }
      }
    }
  });

  it('lists every route and method the function app registers', async () => {
    const { routes: registered } = await registeredFunctions();
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => !m.startsWith('x-')).map((m) => `${m.toUpperCase()} /api${path}`)));
    expect(registered.length).toBeGreaterThanOrEqual(8);
    // Routes the definition leaves out on purpose (the timeline's HTML view) are not documented.
    const api = registered.filter((route) => !undocumentedRoutes.includes(route));
    expect(api.length).toBe(registered.length - undocumentedRoutes.length);
    // A route parameter a connector cannot vary (the trigger) is documented once per value.
    const pattern = (route: string) => new RegExp(`^${route.replace(/\{trigger\}/, '[a-z-]+').replace(/[{}]/g, (c) => `\\${c}`)}$`);
    for (const route of api) expect([...documented].some((d) => pattern(route).test(d)), route).toBe(true);
    for (const path of documented) expect(api.filter((r) => pattern(r).test(path)), path).toHaveLength(1);
  });

  it('has examples that pass the same validation as real requests and responses', () => {
    expect(() => parseInviteBody(examples.inviteRequestExample)).not.toThrow();
    expect(() => parseInviteBody(examples.phoneInviteRequestExample)).not.toThrow();
    expect(invitationViewSchema.safeParse(examples.invitationExample).success).toBe(true);
    expect(invitationViewSchema.safeParse(examples.pendingInvitationExample).success).toBe(true);
    expect(rosterViewSchema.safeParse(examples.rosterExample).success).toBe(true);
    expect(problemSchema.safeParse(examples.problemExample).success).toBe(true);
    expect(problemSchema.safeParse(examples.graphProblemExample).success).toBe(true);
    const inline = Object.values(doc.paths).flatMap((methods) => Object.entries(methods).filter(([m]) => !m.startsWith('x-')).map(([, op]) => op)).flatMap((op) => Object.values(op.responses)).flatMap((r) => Object.values(r.examples ?? {}));
    expect(inline.length).toBeGreaterThanOrEqual(4);
    for (const example of inline) {
      const ok = [invitationViewSchema, rosterViewSchema, problemSchema].some((schema) => schema.safeParse(example).success);
      expect(ok).toBe(true);
    }
  });
});
