/**
 * JSON examples in the docs against the OpenAPI schemas they illustrate. Convention: the line above
 * a ```json fence is `<!-- schema: <Name> -->`, Name a key of `definitions` in openapi/openapi.json.
 */
import Ajv from 'ajv';
import { fences } from './markdown';

export interface OpenApiDefinitions {
  readonly definitions: Record<string, unknown>;
}

/** OpenAPI 2.0 spells "or null" as `x-nullable: true`; JSON Schema as a second type. */
function nullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullable);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, nullable(v)]));
  if (out['x-nullable'] === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

export function exampleProblems(docs: ReadonlyMap<string, string>, openapi: OpenApiDefinitions): string[] {
  // OpenAPI 2.0 schemas are JSON Schema draft 4 with extensions (x-ms-*, example): not strict, formats left out.
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ definitions: nullable(openapi.definitions) }, 'openapi');
  const names = Object.keys(openapi.definitions);
  const problems: string[] = [];
  for (const [file, markdown] of docs) {
    for (const fence of fences(markdown).filter((f) => f.lang === 'json')) {
      const where = `${file}:${fence.line}: JSON example`;
      let value: unknown;
      try {
        value = JSON.parse(fence.body);
      } catch (error) {
        problems.push(`${where} does not parse: ${(error as Error).message}`);
        continue;
      }
      const name = /^schema:\s*(\S+)$/.exec(fence.comment ?? '')?.[1];
      if (name === undefined || !names.includes(name)) {
        problems.push(`${where} needs the line \`<!-- schema: <Name> -->\` just above its fence, Name one of: ${names.join(', ')}`);
        continue;
      }
      const validate = ajv.getSchema(`openapi#/definitions/${name}`)!;
      if (!validate(value)) {
        problems.push(`${where} is not a valid ${name}: ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`);
      }
    }
  }
  return problems;
}
