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

/** "resultInfo" -> "Result Info", "callId" -> "Call ID": how the designer labels an output. */
export function titleOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((word) => (word === 'Id' || word === 'id' ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

/**
 * Labels every property of an answer with x-ms-summary, prefixed by the object it sits in
 * ("Outcome Reason"), since the designer lists nested outputs side by side.
 */
function withSummaries(node: JsonSchema, prefix: string): JsonSchema {
  const out: JsonSchema = { ...node };
  if (node.properties && typeof node.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(node.properties as Record<string, JsonSchema>).map(([name, child]) => {
        const title = prefix ? `${prefix} ${titleOf(name)}` : titleOf(name);
        return [name, { ...withSummaries(child, title), 'x-ms-summary': title }];
      }),
    );
  }
  // Array items are listed under the array's own label; their fields start afresh.
  if (node.items && typeof node.items === 'object') out.items = withSummaries(node.items as JsonSchema, '');
  return out;
}

/** A zod schema as a Swagger 2.0 schema object; `io: 'input'` for request bodies. */
export function swaggerSchema(schema: z.ZodType, io: 'input' | 'output', example?: unknown): JsonSchema {
  const draft4 = z.toJSONSchema(schema, { target: 'draft-04', io, unrepresentable: 'any' });
  const swagger = toSwagger(draft4) as JsonSchema;
  const converted = io === 'output' ? withSummaries(swagger, '') : swagger;
  return example === undefined ? converted : { ...converted, example };
}
