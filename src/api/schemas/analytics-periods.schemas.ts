import { Type } from 'typebox';
import { BREAKDOWNS, PERIOD_TYPES } from '../../domain/analytics/periods.ts';
import * as S from './common.schemas.ts';

/**
 * JSON schema fragments of the reporting periods (src/domain/analytics/periods.ts), shared by every
 * per-portfolio analytics route. Embed them in a body schema:
 *
 *   body: { type: 'object', additionalProperties: false, required: ['periods'],
 *           properties: { as_of_date: asOfDateSchema, periods: periodsSchema } }
 *
 * and answer with resolvedPeriodSchema's fields so the client sees the dates used. The schema checks shapes
 * (an unknown `type` is a 422 naming `periods[2].type`); the rules JSON schema cannot say well (EXPLICIT
 * needs from and to, YEAR needs year, from ≤ to, nothing left empty by clipping, unique names) are checked by
 * resolvePeriods, which names the field as `periods[2].to`.
 */

const TYPE_DESCRIPTION =
  'MTD: 1st of the as-of month. QTD: 1st of the as-of quarter. YTD: 1 January. ONE_YEAR, THREE_YEAR, ' +
  "FIVE_YEAR: as_of − n years + 1 day (29 February steps back to 28 February first). SI: the portfolio's " +
  'open date. YEAR: 1 January – 31 December of `year`. EXPLICIT: `from` – `to`. Every period starts no ' +
  "earlier than the portfolio's open date and ends no later than as_of_date (YEAR and EXPLICIT included); a " +
  'period left empty is a 422.';

export const PERIOD_REQUEST_OPTIONS = {
  additionalProperties: false,
  description:
    'A reporting period. Dates are inclusive calendar days. Fields of another type than the one given ' +
    '(e.g. `year` with YTD) are refused.',
} as const;

const { breakdown: _breakdown, ...periodRequestProperties } = {
  type: S.stringEnum(PERIOD_TYPES, { description: TYPE_DESCRIPTION }),
  name: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "The period's name in the response; default the year (YEAR) or else the type. Unique per request.",
    }),
  ),
  year: Type.Optional(
    Type.Integer({
      minimum: 1900,
      maximum: 2199,
      description: 'Calendar year; YEAR only, required there.',
    }),
  ),
  from: Type.Optional(S.requestDate('First day; EXPLICIT only, required there (alias start_date).')),
  to: Type.Optional(
    S.requestDate('Last day, on or after `from`; EXPLICIT only, required there (alias end_date).'),
  ),
  start_date: Type.Optional(S.requestDate('Alias of `from`.')),
  end_date: Type.Optional(S.requestDate('Alias of `to`.')),
  breakdown: Type.Optional(
    S.stringEnum(BREAKDOWNS, {
      description:
        'Sub-periods to report inside the period: calendar days, weeks ending on Sunday (pandas "W"), months, ' +
        'quarters or years, the first and last clipped to the period. Only on routes that report breakdowns.',
    }),
  ),
};

/** A period request: the fields every per-portfolio analytics route accepts (with `breakdown`). */
export const periodRequestSchema = Type.Object(
  { ...periodRequestProperties, breakdown: _breakdown },
  PERIOD_REQUEST_OPTIONS,
);

/** The same without `breakdown`, for routes that report whole periods only. */
export const periodRequestWithoutBreakdownSchema = Type.Object(
  periodRequestProperties,
  PERIOD_REQUEST_OPTIONS,
);

/** A non-empty list of period requests. */
export const periodsSchema = Type.Array(periodRequestSchema, {
  minItems: 1,
  maxItems: 50,
  description: 'The periods to report, 1–50, each with a distinct name.',
});

export const periodsWithoutBreakdownSchema = Type.Array(periodRequestWithoutBreakdownSchema, {
  minItems: 1,
  maxItems: 50,
  description: 'The periods to report, 1–50, each with a distinct name.',
});

export const asOfDateSchema = S.requestDate(
  'The date the report is as of: rolling periods end on it, and no period runs past it. Default: the latest ' +
    'business date (GLOBAL calendar).',
);

/** The resolved period, as a response object (or its properties spread into one). */
export const resolvedPeriodProperties = {
  name: S.text("The period's name (as requested, else the year, else the type)."),
  type: S.stringEnum(PERIOD_TYPES, { description: 'The period type requested.' }),
  start_date: S.isoDate("First day of the period, after clipping to the portfolio's open date."),
  end_date: S.isoDate('Last day of the period, after clipping to as_of_date.'),
  requested_start_date: S.isoDate('First day as the type defines it, before clipping.'),
  requested_end_date: S.isoDate('Last day as the type defines it, before clipping.'),
  days: Type.Integer({ description: 'Calendar days from start_date to end_date, both included.' }),
};

export const resolvedPeriodSchema = Type.Object(resolvedPeriodProperties, {
  description: 'The period as resolved: the dates actually used.',
});

/** The first fields of an answer over one resolved period (contribution, realized gains). */
export const periodAnswerHead = {
  portfolio_id: S.text('Portfolio id.'),
  base_currency: S.text('Base currency: every amount is in it.'),
  as_of_date: S.isoDate('The as-of date used.'),
  period: resolvedPeriodSchema,
};
