import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

/**
 * Swagger 2.0 (what Power Platform connectors import) speaks a subset of JSON Schema draft 4: no
 * null type, no anyOf/oneOf, no const. zod writes draft 4; this rewrites the rest:
 * "X or null" becomes X with x-nullable, const becomes a one-value enum.
 */
function toSwagger(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toSwagger);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as JsonSchema;
  const anyOf = source.anyOf as JsonSchema[] | undefined;
  if (anyOf && anyOf.length === 2 && anyOf.some((s) => s.type === 'null')) {
    const { anyOf: _drop, ...rest } = source;
    const other = anyOf.find((s) => s.type !== 'null') ?? {};
    return { ...(toSwagger(other) as JsonSchema), ...(toSwagger(rest) as JsonSchema), 'x-nullable': true };
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$schema' || key === 'id' || key === '$id') continue;
    if (key === 'const') {
      out.enum = [value];
      continue;
    }
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      out.type = types[0];
      if (types.length < value.length) out['x-nullable'] = true;
      continue;
    }
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, toSwagger(v)])) : toSwagger(value);
  }
  return out;
}

/** A zod schema as a Swagger 2.0 schema object; `io: 'input'` for request bodies. */
export function swaggerSchema(schema: z.ZodType, io: 'input' | 'output', example?: unknown): JsonSchema {
  const draft4 = z.toJSONSchema(schema, { target: 'draft-04', io, unrepresentable: 'any' });
  const converted = toSwagger(draft4) as JsonSchema;
  return example === undefined ? converted : { ...converted, example };
}
