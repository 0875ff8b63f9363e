import AjvCompiler from '@fastify/ajv-compiler';

/** A JSON Schema node as /openapi.json serves it. */
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the served document
export type SchemaNode = Record<string, any>;

/** Every property of a schema and of its array items, however deep, with its path ('body.periods[].type'). */
export function* schemaFields(schema: SchemaNode, path: string): Generator<[string, SchemaNode]> {
  for (const [name, child] of Object.entries((schema.properties ?? {}) as SchemaNode)) {
    yield [`${path}.${name}`, child];
    yield* schemaFields(child, `${path}.${name}`);
  }
  if (schema.items) yield* schemaFields(schema.items, `${path}[]`);
}

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
