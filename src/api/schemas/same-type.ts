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
type Names<T> = unknown extends T
  ? true
  : [T] extends [string | number | boolean | bigint]
    ? true
    : [T] extends [readonly (infer U)[]]
      ? Names<U>
      : { [K in KeyOfAny<T>]-?: Names<Exclude<ValueOfAny<T, K>, null | undefined>> };
/** The keys of every member of a union (a variant's own fields count too). */
type KeyOfAny<T> = T extends unknown ? keyof T : never;
type ValueOfAny<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** true when each of A and B is assignable to the other; on two name trees: the same names at every depth. */
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** true when the schema's type S has exactly the fields of D and admits every value of D. */
export type Describes<S, D> =
  Equal<Names<Shape<S>>, Names<Shape<D>>> extends true
    ? [Shape<D>] extends [Shape<S>]
      ? true
      : false
    : false;

/** Compiles only when `Describes<S, D>` (otherwise the call needs an argument of type never). */
export function describes<S, D>(..._mismatch: Describes<S, D> extends true ? [] : [never]): void {}

/**
 * true when a validated request (the schema's type S, defaults filled in) is a valid input D of the service
 * that takes it, and the service knows every field the schema admits: a field the schema lets through and the
 * service ignores fails `tsc`. (The service may know more: the domain's PeriodRequest also has `breakdown`,
 * which some routes' schemas refuse.)
 */
export type Accepts<S, D> = [Names<Shape<D>>] extends [Names<Shape<S>>]
  ? [Shape<S>] extends [Shape<D>]
    ? true
    : false
  : false;

/** Compiles only when `Accepts<S, D>`. */
export function accepts<S, D>(..._mismatch: Accepts<S, D> extends true ? [] : [never]): void {}
