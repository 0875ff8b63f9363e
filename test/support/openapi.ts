import AjvCompiler from '@fastify/ajv-compiler';

/** A JSON Schema node as /openapi.json serves it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the served document
export type SchemaNode = Record<string, any>;

/**
 * Every property of a schema, however deep, with its path ('body.periods[].type'): array items, the variants
 * of oneOf/anyOf/allOf, and maps (additionalProperties, path 'x{}') are walked into. With the served document,
 * a $ref is followed into its component, each component once. A map of structured entries (a period's result
 * by name) is yielded itself, so its entry must be described too; a map of plain values (null_reasons) is
 * described by the map's own description.
 */
export function* schemaFields(
  schema: SchemaNode,
  path: string,
  doc?: SchemaNode,
  seen = new Set<SchemaNode>(),
): Generator<[string, SchemaNode]> {
  const resolved: SchemaNode = schema.$ref
    ? (doc?.components?.schemas?.[String(schema.$ref).split('/').pop()!] ?? schema)
    : schema;
  if (seen.has(resolved)) return;
  seen.add(resolved);
  for (const [name, child] of Object.entries((resolved.properties ?? {}) as SchemaNode)) {
    yield [`${path}.${name}`, child];
    yield* schemaFields(child, `${path}.${name}`, doc, seen);
  }
  if (resolved.items) yield* schemaFields(resolved.items, `${path}[]`, doc, seen);
  for (const variant of [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.allOf ?? [])]) {
    yield* schemaFields(variant, path, doc, seen);
  }
  const entries = resolved.additionalProperties;
  if (entries && typeof entries === 'object') {
    if (entries.properties) yield [`${path}{}`, entries];
    yield* schemaFields(entries, `${path}{}`, doc, seen);
  }
}

/** The fields of schemaFields that carry neither a description nor a $ref to a described component. */
export const undescribed = (fields: Iterable<[string, SchemaNode]>): string[] =>
  [...fields].filter(([, s]) => !s.description && !s.$ref).map(([path]) => path);

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** Every operation of a served document, as [method, path, operation]. */
export function* operations(doc: SchemaNode): Generator<[string, string, SchemaNode]> {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as SchemaNode)) {
    for (const [method, operation] of Object.entries(item as SchemaNode)) {
      if (METHODS.includes(method)) yield [method.toUpperCase(), path, operation];
    }
  }
}

export type Validate = (data: unknown) => boolean;
const compilers = (AjvCompiler as unknown as () => (s: unknown, o: unknown) => (r: unknown) => Validate)();
const compileBody = compilers(
  {},
  { customOptions: { coerceTypes: false, allErrors: true, removeAdditional: false } },
);

/** A request body schema compiled as server.ts compiles bodies (Fastify's Ajv, no coercion, nothing removed). */
export const bodyValidator = (schema: unknown): Validate =>
  compileBody({ schema, method: 'POST', url: '/x', httpPart: 'body' });
