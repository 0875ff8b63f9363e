/**
 * Compile-time ties between a schema and the type that is the true source of what it describes (a domain
 * result): `describes<Static<typeof Schema>, DomainType>()` compiles only when the schema names every field of
 * the domain type and no other, at every depth, and every domain value is valid for the schema's type. A field
 * added to the domain and not to the schema (which Fastify's serializer would silently drop) fails `tsc`.
 */

/** T with intersections flattened and readonly dropped, at every depth. */
type Shape<T> = T extends readonly (infer U)[]
  ? Shape<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Shape<T[K]> }
    : T;

/** The field names of T at every depth (through arrays and nulls), with everything else forgotten. */
type Names<T> = T extends readonly (infer U)[]
  ? Names<U>
  : T extends object
    ? { [K in keyof T]-?: Names<NonNullable<T[K]>> }
    : true;

/** true when A and B are the same type, else false. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** true when the schema's type S has exactly the fields of D and admits every value of D. */
export type Describes<S, D> =
  Equal<Names<Shape<S>>, Names<Shape<D>>> extends true
    ? [Shape<D>] extends [Shape<S>]
      ? true
      : false
    : false;

/** Compiles only when `Describes<S, D>` (otherwise the call needs an argument of type never). */
export function describes<S, D>(..._mismatch: Describes<S, D> extends true ? [] : [never]): void {}
