import { type Static, Type } from 'typebox';
import * as S from './common.schemas.ts';
import { accepts, describes } from './same-type.ts';

// Compiled by `tsc` (never run): each @ts-expect-error below must be an error, or tsc fails on the unused
// directive — so a `describes` that stopped seeing a drift would be noticed.

const answer = Type.Object({
  a: Type.String(),
  b: S.nullable(Type.Number()),
  items: Type.Array(Type.Object({ c: Type.Integer() })),
});
type Answer = Static<typeof answer>;

describes<Answer, { a: string; b: number | null; items: readonly { c: number }[] }>();
// @ts-expect-error a field of the domain type that the schema lacks (it would vanish from the answer)
describes<Answer, { a: string; b: number | null; items: { c: number; d: string }[] }>();
// @ts-expect-error a field of the schema that the domain type lacks
describes<Answer, { a: string; items: { c: number }[] }>();
// @ts-expect-error a domain value the schema refuses (null where the schema says string)
describes<Answer, { a: string | null; b: number | null; items: { c: number }[] }>();

type Request = Static<typeof answer>;
accepts<
  Request,
  { a: string; b?: number | null; items: { c: number }[]; known_to_the_service_only?: string }
>();
// @ts-expect-error a field the schema lets through (b) and the service ignores
accepts<Request, { a: string; items: { c: number }[] }>();
// @ts-expect-error a validated value the service cannot take (a null b)
accepts<Request, { a: string; b?: number; items: { c: number }[] }>();
