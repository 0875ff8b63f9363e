import { type TSchema, Type } from 'typebox';
import { SUPPORTED_DATE_PATTERN } from '../../domain/supported-dates.ts';
import { problemResponse } from './common.schemas.ts';

/** TypeBox builders the seed routes' schemas share (legacy summary, portfolio service, overdrafts). */

/** A string from a fixed list as `{type: 'string', enum}` (one clear 422 message), typed as the list's union. */
export const oneOf = <const V extends readonly string[]>(values: V, description: string) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values], description });

/** A request date within the supported range. */
export const day = (description: string) =>
  Type.String({
    format: 'date',
    pattern: SUPPORTED_DATE_PATTERN,
    description: `${description} (YYYY-MM-DD).`,
  });

export const nullable = <S extends TSchema>(schema: S, description: string) =>
  Type.Union([schema, Type.Null()], { description });

export const invalidRequest = problemResponse(
  'The request is invalid (VALIDATION_FAILED); `errors` names each field.',
);
