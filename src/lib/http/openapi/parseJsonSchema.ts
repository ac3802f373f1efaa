import { z } from 'zod';
import type { JsonSchema } from './swaggerSchema';

/*
 * The schema docs/power-automate.md hands out for Parse JSON. Parse JSON validates with plain
 * JSON Schema: a null passes only where "null" is in the type (Swagger's x-nullable means nothing
 * to it), so every nullable field is written as a type union, e.g. "type": ["object", "null"].
 */
function toParseJson(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toParseJson);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as JsonSchema;
  const anyOf = source.anyOf as JsonSchema[] | undefined;
  if (anyOf && anyOf.length === 2 && anyOf.some((s) => s.type === 'null')) {
    const { anyOf: _drop, ...rest } = source;
    const other = toParseJson(anyOf.find((s) => s.type !== 'null') ?? {}) as JsonSchema;
    const nullable: JsonSchema = { ...other, ...(toParseJson(rest) as JsonSchema), type: [other.type, 'null'] };
    if (Array.isArray(other.enum)) nullable.enum = [...(other.enum as unknown[]), null];
    return nullable;
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    // A field the API adds later must not break flows built today.
    if (key === '$schema' || (key === 'additionalProperties' && value === false)) continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, toParseJson(v)])) : toParseJson(value);
  }
  return out;
}

/** An answer's zod schema as a JSON Schema (draft-07) that Parse JSON accepts every valid answer with. */
export function parseJsonSchema(schema: z.ZodType): JsonSchema {
  return toParseJson(z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' })) as JsonSchema;
}
