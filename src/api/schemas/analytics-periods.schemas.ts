import { BREAKDOWNS, PERIOD_TYPES } from '../../domain/analytics/periods.ts';
import { isoDate, requestDate, text } from './common.schemas.ts';

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

/** A period request: the fields every per-portfolio analytics route accepts (with `breakdown`). */
export const periodRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  description:
    'A reporting period. Dates are inclusive calendar days. Fields of another type than the one given ' +
    '(e.g. `year` with YTD) are refused.',
  properties: {
    type: { type: 'string', enum: [...PERIOD_TYPES], description: TYPE_DESCRIPTION },
    name: {
      type: 'string',
      minLength: 1,
      description:
        "The period's name in the response; default the year (YEAR) or else the type. Unique per request.",
    },
    year: {
      type: 'integer',
      minimum: 1900,
      maximum: 2199,
      description: 'Calendar year; YEAR only, required there.',
    },
    from: requestDate('First day; EXPLICIT only, required there (alias start_date).'),
    to: requestDate('Last day, on or after `from`; EXPLICIT only, required there (alias end_date).'),
    start_date: requestDate('Alias of `from`.'),
    end_date: requestDate('Alias of `to`.'),
    breakdown: {
      type: 'string',
      enum: [...BREAKDOWNS],
      description:
        'Sub-periods to report inside the period: calendar days, weeks ending on Sunday (pandas "W"), months, ' +
        'quarters or years, the first and last clipped to the period. Only on routes that report breakdowns.',
    },
  },
} as const;

/** The same without `breakdown`, for routes that report whole periods only. */
export const periodRequestWithoutBreakdownSchema = {
  ...periodRequestSchema,
  properties: (({ breakdown: _omit, ...rest }) => rest)(periodRequestSchema.properties),
} as const;

/** A non-empty list of period requests. */
export const periodsSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: periodRequestSchema,
  description: 'The periods to report, 1–50, each with a distinct name.',
} as const;

export const periodsWithoutBreakdownSchema = {
  ...periodsSchema,
  items: periodRequestWithoutBreakdownSchema,
} as const;

export const asOfDateSchema = requestDate(
  'The date the report is as of: rolling periods end on it, and no period runs past it. Default: the latest ' +
    'business date (GLOBAL calendar).',
);

/** The resolved period, as a response object (or its properties spread into one). */
export const resolvedPeriodProperties = {
  name: text("The period's name (as requested, else the year, else the type)."),
  type: { type: 'string', enum: [...PERIOD_TYPES], description: 'The period type requested.' },
  start_date: isoDate("First day of the period, after clipping to the portfolio's open date."),
  end_date: isoDate('Last day of the period, after clipping to as_of_date.'),
  requested_start_date: isoDate('First day as the type defines it, before clipping.'),
  requested_end_date: isoDate('Last day as the type defines it, before clipping.'),
  days: { type: 'integer', description: 'Calendar days from start_date to end_date, both included.' },
} as const;

export const RESOLVED_PERIOD_REQUIRED = [
  'name',
  'type',
  'start_date',
  'end_date',
  'requested_start_date',
  'requested_end_date',
  'days',
] as const;

export const resolvedPeriodSchema = {
  type: 'object',
  required: [...RESOLVED_PERIOD_REQUIRED],
  properties: resolvedPeriodProperties,
  description: 'The period as resolved: the dates actually used.',
} as const;
