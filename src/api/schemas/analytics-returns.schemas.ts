import { BREAKDOWNS } from '../../domain/analytics/periods.ts';
import { ANNUALIZATION_BASES } from '../../domain/analytics/returns/annualize.ts';
import { DIETZ_TIMINGS } from '../../domain/analytics/returns/modified-dietz.ts';
import { MWR_FALLBACKS, MWR_METHODS } from '../../domain/analytics/returns/mwr.ts';
import { DEFAULT_BRACKET, ROOT_SELECTIONS } from '../../domain/analytics/returns/rate-solver.ts';
import { FEE_BOOKINGS, FLOW_TIMINGS, NET_OR_GROSS } from '../../domain/analytics/returns/types.ts';
import { periodsSchema, resolvedPeriodProperties } from './analytics-periods.schemas.ts';
import { isoDate, nullableIsoDate, problemResponse, text } from './common.schemas.ts';

/**
 * JSON schemas of the stateless return endpoints (issue 6, item 1): POST /analytics/twr, /analytics/modified-dietz,
 * /analytics/mwr and /analytics/irr. Returns are decimals (0.05 = 5 %); amounts and values are float64 JSON
 * numbers in one currency. Formulas: docs/analytics/returns.md.
 */

const FLOAT_NOTE = 'A float64 JSON number.';
const num = (description: string) =>
  ({ type: 'number', description: `${description} ${FLOAT_NOTE}` }) as const;
const figure = (description: string) =>
  ({
    type: ['number', 'null'],
    description: `${description} ${FLOAT_NOTE} null when undefined for these inputs; \`null_reasons\` says why.`,
  }) as const;
const nullReasons = (names: readonly string[]) =>
  ({
    type: 'object',
    description: 'For each figure that is null, why (by the same name). Empty when every figure is defined.',
    properties: Object.fromEntries(names.map((n) => [n, text(`Why \`${n}\` is null.`)])),
  }) as const;
const conventionText = (description: string) => ({ type: 'string', description }) as const;

const invalid = problemResponse(
  'The request is invalid (VALIDATION_FAILED); `errors` names each field (e.g. `rows[2].fees`, `rows[3].date`).',
);

// ─── Shared pieces ──────────────────────────────────────────────────────────────────────────────────────

const FLOW_SIGN = 'Signed from the portfolio: + contribution into the portfolio, − withdrawal.';

const bracketSchema = {
  type: 'array',
  minItems: 2,
  maxItems: 2,
  items: { type: 'number', exclusiveMinimum: -1 },
  default: [...DEFAULT_BRACKET],
  description:
    `[lo, hi], −1 < lo < hi (default [${DEFAULT_BRACKET.join(', ')}]): the rates searched for roots when the ` +
    'cash flows change sign more than once. When they change sign exactly once the root is unique on (−1, ∞) ' +
    'and the bracket is widened until it holds it.',
} as const;

const rootSelectionSchema = (fallback: (typeof ROOT_SELECTIONS)[number]) =>
  ({
    type: 'string',
    enum: [...ROOT_SELECTIONS],
    default: fallback,
    description:
      `Which root is the rate when several solve it (default ${fallback}). \`unique\`: none (null with the ` +
      'roots in the reason); `closest_to_guess`: the root nearest `guess` (numpy-financial `irr`).',
  }) as const;

const solverConventionsRequest = (selection: (typeof ROOT_SELECTIONS)[number]) =>
  ({
    type: 'object',
    additionalProperties: false,
    description: 'Solver choices; every one omitted takes its default, and the response echoes them all.',
    properties: {
      bracket: bracketSchema,
      root_selection: rootSelectionSchema(selection),
      guess: {
        type: 'number',
        exclusiveMinimum: -1,
        default: 0.1,
        description: 'The rate `closest_to_guess` measures from (default 0.1, numpy-financial).',
      },
    },
  }) as const;

const SOLVER_TEXT =
  'Brent (bracketing: inverse quadratic interpolation safeguarded by bisection) on x = ln(1 + r), to machine ' +
  'precision; never Newton alone, which diverges on deep losses. Descartes: no sign change → no root (null); ' +
  'one → a unique root on (−1, ∞); more → the roots in the bracket on a 1000-cell grid, then root_selection.';

const solverConventionsResponseProperties = {
  bracket: { type: 'array', items: { type: 'number' }, description: 'The bracket [lo, hi] searched.' },
  root_selection: { type: 'string', enum: [...ROOT_SELECTIONS], description: 'The root selection used.' },
  guess: { type: 'number', description: 'The guess of `closest_to_guess`.' },
  solver: conventionText('How the rate is solved.'),
} as const;

// ─── POST /analytics/twr ────────────────────────────────────────────────────────────────────────────────

const TIMING_TEXT =
  '`as_recorded` (default): bod_cashflow at the open (invested all day), eod_cashflow at the close (earns ' +
  'nothing that day) — the portfolio daily series records flows this way. `start_of_day`, `end_of_day`, ' +
  '`mid_day`: every flow of the day (BOD and EOD alike) at the open, at the close, or at noon (weight 1/2, the ' +
  'daily simple Dietz).';

const FEES_TEXT =
  '`fees` are ≥ 0: the amount of fees paid on the day (a negative fee is refused, so the legacy sign mix-up ' +
  'cannot recur). NET returns are after fees, GROSS before; NET ≤ GROSS always.';

const FEE_BOOKING_TEXT =
  'Where the fees already show in the row. `external_flow` (default; the portfolio daily series books a FEE ' +
  'paid from cash as an external flow): they are among the day’s cashflows, so the flow-adjusted gain is ' +
  'GROSS of them and NET subtracts them. `market_value`: they were paid inside the portfolio and only lowered ' +
  'eod_market_value, so the gain is NET of them and GROSS adds them back.';

const ANNUALIZATION_TEXT =
  '`act365_25` (default): years = calendar days / 365.25; `act365`: days / 365; `periods`: number of rows / ' +
  'periods_per_year. Calendar days run from the close of the day before the first row to the close of the ' +
  'last row.';

const twrRowSchema = {
  type: 'object',
  required: ['date', 'bod_market_value', 'bod_cashflow', 'eod_cashflow', 'eod_market_value'],
  description:
    'One day of a daily valuation series (the shape of GET /portfolios/{id}/timeseries rows, whose other ' +
    'fields are ignored). Rows are in ascending date order, one per date.',
  properties: {
    date: isoDate('The day (YYYY-MM-DD).'),
    bod_market_value: num('Value at the previous close, before the day’s flows.'),
    bod_cashflow: num(`External flow at the beginning of the day. ${FLOW_SIGN}`),
    eod_cashflow: num(`External flow at the end of the day. ${FLOW_SIGN}`),
    eod_market_value: num('Value at the close, after every flow of the day.'),
    fees: { type: 'number', minimum: 0, default: 0, description: `Fees paid on the day. ${FEES_TEXT}` },
  },
} as const;

export const twrRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rows'],
  description: 'A daily valuation series and how to read it.',
  properties: {
    rows: {
      type: 'array',
      minItems: 1,
      items: twrRowSchema,
      description: 'The days, in ascending date order.',
    },
    flow_timing: {
      type: 'string',
      enum: [...FLOW_TIMINGS],
      default: 'as_recorded',
      description: `When the day's flows arrive. ${TIMING_TEXT}`,
    },
    net_or_gross: {
      type: 'string',
      enum: [...NET_OR_GROSS],
      default: 'NET',
      description: `NET (default): after fees; GROSS: before fees. ${FEES_TEXT}`,
    },
    breakdown: {
      type: 'string',
      enum: [...BREAKDOWNS],
      description:
        'Optional sub-periods of the whole series: calendar days, weeks ending on Sunday, months, quarters or ' +
        'years, each the linked return of its rows.',
    },
    periods: {
      ...periodsSchema,
      description:
        'Optional reporting periods (the per-portfolio period types; as-of = the last row, inception = the first ' +
        'row, so SI is the whole series). Each period links the rows dated inside it.',
    },
    conventions: {
      type: 'object',
      additionalProperties: false,
      description: 'Further choices; every one omitted takes its default, and the response echoes them all.',
      properties: {
        fee_booking: {
          type: 'string',
          enum: [...FEE_BOOKINGS],
          default: 'external_flow',
          description: FEE_BOOKING_TEXT,
        },
        annualization_basis: {
          type: 'string',
          enum: [...ANNUALIZATION_BASES],
          default: 'act365_25',
          description: ANNUALIZATION_TEXT,
        },
        periods_per_year: {
          type: 'number',
          exclusiveMinimum: 0,
          default: 252,
          description: 'Rows a year holds, for the `periods` basis (default 252).',
        },
      },
    },
  },
} as const;

const TWR_FIGURES = ['cumulative_return', 'annualized_return'] as const;

const linkedFigures = {
  cumulative_return: figure(
    'Time-weighted return: Π(1 + r_t) − 1 over the rows (days with no capital at work left out).',
  ),
  annualized_return: figure(
    '(1 + cumulative)^(1/years) − 1, only for a period longer than one year (null otherwise).',
  ),
  null_reasons: nullReasons(TWR_FIGURES),
} as const;

const bucketSchema = {
  type: 'object',
  required: ['start_date', 'end_date', 'cumulative_return', 'null_reasons'],
  properties: {
    start_date: isoDate('First day of the window (the calendar bucket clipped to the period).'),
    end_date: isoDate('Last day of the window.'),
    cumulative_return: figure('The linked return of the rows in the window.'),
    null_reasons: nullReasons(['cumulative_return']),
  },
} as const;

const breakdownSchema = {
  type: 'object',
  required: ['type', 'results'],
  description:
    'Sub-period returns; windows without rows are left out. Never annualized (each is a year at most).',
  properties: {
    type: { type: 'string', enum: [...BREAKDOWNS], description: 'The breakdown asked for.' },
    results: {
      type: 'array',
      items: bucketSchema,
      description: 'One entry per window with rows, in date order.',
    },
  },
} as const;

const twrConventionsResponse = {
  type: 'object',
  description: 'Every convention used, defaults filled in.',
  required: [
    'flow_timing',
    'net_or_gross',
    'fee_booking',
    'annualization_basis',
    'periods_per_year',
    'daily_return',
    'linking',
    'annualization',
    'period',
    'fees',
    'undefined_values',
  ],
  properties: {
    flow_timing: { type: 'string', enum: [...FLOW_TIMINGS], description: TIMING_TEXT },
    net_or_gross: { type: 'string', enum: [...NET_OR_GROSS], description: 'NET or GROSS of fees.' },
    fee_booking: { type: 'string', enum: [...FEE_BOOKINGS], description: FEE_BOOKING_TEXT },
    annualization_basis: { type: 'string', enum: [...ANNUALIZATION_BASES], description: ANNUALIZATION_TEXT },
    periods_per_year: { type: 'number', description: 'Rows per year of the `periods` basis.' },
    daily_return: conventionText('The daily return formula with the weights of flow_timing.'),
    linking: conventionText('How daily returns are linked.'),
    annualization: conventionText('How and when a return is annualized.'),
    period: conventionText('Where the measured period starts and ends.'),
    fees: conventionText('The sign of `fees` and what NET and GROSS do with it.'),
    undefined_values: conventionText('When a figure is null.'),
  },
} as const;

export const twrSchema = {
  tags: ['analytics'],
  summary: 'Time-weighted return of a daily valuation series (stateless)',
  description:
    'Daily returns (a one-day Modified Dietz per row), linked geometrically, annualized beyond one year, with ' +
    'optional breakdowns and reporting periods. Methodology §8.1.',
  body: twrRequestSchema,
  response: {
    200: {
      type: 'object',
      required: [
        'start_date',
        'end_date',
        'daily_returns',
        'cumulative_return',
        'annualized_return',
        'null_reasons',
        'conventions',
      ],
      properties: {
        start_date: isoDate('The close the period starts from: the day before the first row.'),
        end_date: isoDate('The last row’s date.'),
        daily_returns: {
          type: 'array',
          description: 'One return per row, in row order.',
          items: {
            type: 'object',
            required: ['date', 'value'],
            properties: {
              date: isoDate('The row’s date.'),
              value: figure('The day’s return.'),
              null_reasons: nullReasons(['value']),
            },
          },
        },
        ...linkedFigures,
        breakdown: breakdownSchema,
        periods: {
          type: 'array',
          description: 'One entry per requested period, in request order.',
          items: {
            type: 'object',
            required: ['name', 'type', 'start_date', 'end_date', 'first_date', 'last_date', ...TWR_FIGURES],
            properties: {
              ...resolvedPeriodProperties,
              first_date: nullableIsoDate('The first row inside the period (null when none is).'),
              last_date: nullableIsoDate('The last row inside the period (null when none is).'),
              ...linkedFigures,
              breakdown: breakdownSchema,
            },
          },
        },
        conventions: twrConventionsResponse,
      },
    },
    422: invalid,
  },
} as const;

// ─── POST /analytics/modified-dietz ─────────────────────────────────────────────────────────────────────

const DIETZ_TIMING_TEXT =
  'When a flow dated d arrives: `end_of_day` (default) at the close of d, W = (end_date − d)/CD (GIPS); ' +
  '`start_of_day` at the open of d, W = (end_date − d + 1)/CD; `mid_day` at noon, W = (end_date − d + ½)/CD. ' +
  'CD = end_date − start_date in calendar days.';

const LARGE_FLOW_TEXT =
  'GIPS 2020 large external flows: a flow with value_before_flow whose |amount| / value_before_flow is at or ' +
  'above the threshold splits the period. A flow at the close of D (end_of_day) or at the open of D + 1 ' +
  '(start_of_day) ends a sub-period at the close of D at value_before_flow; the next starts from ' +
  'value_before_flow + amount. Smaller flows (and flows without value_before_flow) stay inside their ' +
  'sub-period under Modified Dietz; flows of one date are netted; a large flow at the very start or end of ' +
  'the period needs no revaluation (its weight 1 or 0 is exact). Sub-period returns are linked geometrically.';

export const modifiedDietzRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['start_date', 'end_date', 'begin_market_value', 'end_market_value', 'flows'],
  description: 'A period valued at both ends and the external flows between.',
  properties: {
    start_date: isoDate('The close the period starts from (the valuation date of begin_market_value).'),
    end_date: isoDate('The close the period ends at, after start_date.'),
    begin_market_value: num('Value at the close of start_date.'),
    end_market_value: num('Value at the close of end_date, after every flow.'),
    flows: {
      type: 'array',
      description: 'External flows dated after start_date and no later than end_date (may be empty).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'amount'],
        properties: {
          date: isoDate('The flow’s date.'),
          amount: num(`The flow. ${FLOW_SIGN}`),
          value_before_flow: {
            type: 'number',
            minimum: 0,
            description:
              'The portfolio’s value just before the flow (at the close of its date for end_of_day, of the day ' +
              'before for start_of_day). Needed for a flow to count as large; flows of one date must agree on it.',
          },
        },
      },
    },
    flow_timing: {
      type: 'string',
      enum: [...DIETZ_TIMINGS],
      default: 'end_of_day',
      description: `${DIETZ_TIMING_TEXT} Large-flow revaluation needs end_of_day or start_of_day.`,
    },
    large_flow_threshold: {
      type: 'number',
      exclusiveMinimum: 0,
      description: `Optional share of the value before a flow (0.1 = 10 %) from which it is large. ${LARGE_FLOW_TEXT}`,
    },
  },
} as const;

const MD_FIGURES = ['modified_dietz', 'simple_dietz', 'irr_period_return', 'twr_linked'] as const;

export const modifiedDietzSchema = {
  tags: ['analytics'],
  summary: 'Modified Dietz return of a period, with large-flow revaluation (stateless)',
  description:
    'Modified and simple Dietz, the exact money-weighted period return, and GIPS sub-period linking. Methodology §8.2–8.3.',
  body: modifiedDietzRequestSchema,
  response: {
    200: {
      type: 'object',
      required: [
        'start_date',
        'end_date',
        'modified_dietz',
        'simple_dietz',
        'irr_period_return',
        'weights',
        'gain',
        'calendar_days',
        'null_reasons',
        'conventions',
      ],
      properties: {
        start_date: isoDate('Start of the period (a close).'),
        end_date: isoDate('End of the period (a close).'),
        modified_dietz: figure(
          '(EMV − BMV − Σ CF_i) / (BMV + Σ W_i·CF_i) over the whole period, every flow weighted (no revaluation).',
        ),
        simple_dietz: figure('(EMV − BMV − Σ CF_i) / (BMV + Σ CF_i / 2).'),
        irr_period_return: figure(
          'R solving BMV(1 + R) + Σ CF_i (1 + R)^W_i = EMV (the W_i of flow_timing): the money-weighted period ' +
            'return Modified Dietz approximates; where several R solve it, the one nearest modified_dietz.',
        ),
        weights: {
          type: 'array',
          items: { type: 'number' },
          description: 'W_i of each flow, in request order.',
        },
        gain: num('EMV − BMV − Σ CF_i.'),
        calendar_days: { type: 'integer', description: 'CD = end_date − start_date.' },
        twr_linked: figure(
          'With large_flow_threshold: Π(1 + sub-period return) − 1 (omitted without a threshold).',
        ),
        subperiods: {
          type: 'array',
          description: 'With large_flow_threshold: the sub-periods between revaluations, in date order.',
          items: {
            type: 'object',
            required: [
              'start_date',
              'end_date',
              'begin_value',
              'end_value',
              'flows_inside',
              'return',
              'null_reasons',
            ],
            properties: {
              start_date: isoDate('The close the sub-period starts from.'),
              end_date: isoDate('The close it ends at.'),
              begin_value: num('Value at its start (after the large flow that opened it).'),
              end_value: num('Value at its end (before the large flow that closes it, or end_market_value).'),
              flows_inside: {
                type: 'array',
                description: 'The smaller flows inside it (netted per date), with their weights over it.',
                items: {
                  type: 'object',
                  required: ['date', 'amount', 'weight'],
                  properties: {
                    date: isoDate('Date of the flow.'),
                    amount: num('Net flow of the date.'),
                    weight: num('Its Modified Dietz weight over the sub-period.'),
                  },
                },
              },
              return: figure(
                'Modified Dietz over the sub-period (the plain value ratio when no flow is inside).',
              ),
              null_reasons: nullReasons(['return']),
            },
          },
        },
        large_flows: {
          type: 'array',
          description: 'With large_flow_threshold: the flows (netted per date) at or above it.',
          items: {
            type: 'object',
            required: ['date', 'amount', 'value_before_flow', 'ratio', 'revalued'],
            properties: {
              date: isoDate('Date of the flow.'),
              amount: num('Net flow of the date.'),
              value_before_flow: num('Value just before it.'),
              ratio: {
                type: ['number', 'null'],
                description: 'amount / value_before_flow, signed (null when that value is 0: always large).',
              },
              revalued: {
                type: 'boolean',
                description: 'Whether it split the period (false at the very start or end of the period).',
              },
            },
          },
        },
        null_reasons: nullReasons(MD_FIGURES),
        conventions: {
          type: 'object',
          description: 'Every convention used, defaults filled in.',
          required: ['flow_timing', 'weights', 'period', 'flow_sign', 'large_flow_threshold', 'large_flows'],
          properties: {
            flow_timing: { type: 'string', enum: [...DIETZ_TIMINGS], description: DIETZ_TIMING_TEXT },
            weights: conventionText('The weight formula used.'),
            period: conventionText('The period boundaries.'),
            flow_sign: conventionText('The sign of flow amounts.'),
            large_flow_threshold: {
              type: ['number', 'null'],
              description: 'The threshold used, null when none was given (no revaluation).',
            },
            large_flows: conventionText('The large-flow policy.'),
          },
        },
      },
    },
    422: invalid,
  },
} as const;

// ─── POST /analytics/mwr ────────────────────────────────────────────────────────────────────────────────

const INVESTOR_SIGN =
  'Investor signs: − money paid in (a purchase, a contribution), + money received (a withdrawal, the final value).';

export const mwrRequestSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'Either `cashflows` (investor signs) or a valued period: start_date, end_date, begin_market_value, ' +
    'end_market_value and `flows` (portfolio signs), turned into −begin value, −flows, +end value.',
  properties: {
    cashflows: {
      type: 'array',
      minItems: 1,
      description: `Dated cash flows, any order. ${INVESTOR_SIGN}`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'amount'],
        properties: { date: isoDate('Date of the flow.'), amount: num(INVESTOR_SIGN) },
      },
    },
    start_date: isoDate('Valued-period form: the close of begin_market_value.'),
    end_date: isoDate('Valued-period form: the close of end_market_value, after start_date.'),
    begin_market_value: num(
      'Valued-period form: value at the close of start_date (paid in by the investor).',
    ),
    end_market_value: num('Valued-period form: value at the close of end_date (received by the investor).'),
    flows: {
      type: 'array',
      description: `Valued-period form: external flows dated after start_date, up to end_date. ${FLOW_SIGN}`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'amount'],
        properties: { date: isoDate('Date of the flow.'), amount: num(FLOW_SIGN) },
      },
    },
    method: {
      type: 'string',
      enum: [...MWR_METHODS],
      default: 'xirr',
      description: '`xirr` (default) or `modified_dietz` (end-of-day weights) for period_return.',
    },
    fallback: {
      type: 'string',
      enum: [...MWR_FALLBACKS],
      default: 'modified_dietz',
      description:
        'What answers when XIRR has no root in the bracket: `modified_dietz` ' +
        '(default; method then says `modified_dietz_fallback`) or `none` (null). Several roots are not a ' +
        'fallback case: the rate is ambiguous and stays null; nor are flows that never change sign (null, ' +
        '"no closing value") or all fall on one date. Modified Dietz below −100 % is null with the reason.',
    },
    conventions: solverConventionsRequest('unique'),
  },
} as const;

const MWR_FIGURES = ['xirr', 'period_return', 'annual_equivalent', 'modified_dietz'] as const;

export const mwrSchema = {
  tags: ['analytics'],
  summary: 'Money-weighted return: XIRR, Act/365F (stateless)',
  description: 'XIRR by a bracketing solver, with a labelled Modified Dietz fallback. Methodology §9.1.',
  body: mwrRequestSchema,
  response: {
    200: {
      type: 'object',
      required: [
        'xirr',
        'method',
        'period_return',
        'annual_equivalent',
        'years_spanned',
        'roots',
        'cashflows',
        'null_reasons',
        'conventions',
      ],
      properties: {
        xirr: figure('The annual effective rate r with Σ CF_i / (1 + r)^((d_i − d_0)/365) = 0.'),
        method: {
          type: 'string',
          enum: ['xirr', 'modified_dietz', 'modified_dietz_fallback'],
          description:
            'What period_return and annual_equivalent come from: XIRR, Modified Dietz as asked, or Modified ' +
            'Dietz because XIRR has no root.',
        },
        period_return: figure(
          'The money-weighted return over the whole span, not annualized: (1 + xirr)^years − 1, or Modified Dietz.',
        ),
        annual_equivalent: figure('As an annual rate: xirr itself, or (1 + modified_dietz)^(1/years) − 1.'),
        modified_dietz: figure('Modified Dietz (end-of-day weights), when asked for or fallen back on.'),
        years_spanned: num('Act/365F years from the first to the last date.'),
        roots: {
          type: 'array',
          items: { type: 'number' },
          description: 'Every rate found that zeroes the XNPV, ascending.',
        },
        cashflows: {
          type: 'array',
          description: 'The investor cash flows solved (for the valued-period form, as built from it).',
          items: {
            type: 'object',
            required: ['date', 'amount'],
            properties: { date: isoDate('Date.'), amount: num(INVESTOR_SIGN) },
          },
        },
        null_reasons: nullReasons(MWR_FIGURES),
        conventions: {
          type: 'object',
          description: 'Every convention used, defaults filled in.',
          required: [
            'day_count',
            'sign',
            'method',
            'fallback',
            'bracket',
            'root_selection',
            'guess',
            'solver',
          ],
          properties: {
            day_count: conventionText('The day count of the exponents.'),
            sign: conventionText('The sign convention of the cash flows.'),
            method: { type: 'string', enum: [...MWR_METHODS], description: 'The method asked for.' },
            fallback: { type: 'string', enum: [...MWR_FALLBACKS], description: 'The fallback allowed.' },
            ...solverConventionsResponseProperties,
          },
        },
      },
    },
    422: invalid,
  },
} as const;

// ─── POST /analytics/irr ────────────────────────────────────────────────────────────────────────────────

export const irrRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['values'],
  description: 'Cash flows at equally spaced periods t = 0, 1, …, N.',
  properties: {
    values: {
      type: 'array',
      minItems: 2,
      items: { type: 'number' },
      description: `v_0 … v_N, one per period. ${INVESTOR_SIGN}`,
    },
    periods_per_year: {
      type: ['number', 'null'],
      exclusiveMinimum: 0,
      description: 'Periods per year (12 monthly, 4 quarterly) for annual_equivalent; omit or null for none.',
    },
    npv_rate: {
      type: 'number',
      exclusiveMinimum: -1,
      description:
        'Optional per-period rate at which to report `npv` (numpy-financial convention, v_0 at t = 0).',
    },
    conventions: solverConventionsRequest('closest_to_guess'),
  },
} as const;

export const irrSchema = {
  tags: ['analytics'],
  summary: 'Periodic IRR (stateless)',
  description:
    'The per-period rate with Σ v_t / (1 + r)^t = 0; by default the root nearest 0.1 when several solve it, as ' +
    'numpy-financial `irr`. Methodology §9.2.',
  body: irrRequestSchema,
  response: {
    200: {
      type: 'object',
      required: ['irr', 'annual_equivalent', 'roots', 'null_reasons', 'conventions'],
      properties: {
        irr: figure('The per-period rate.'),
        annual_equivalent: figure('(1 + irr)^periods_per_year − 1 (null without periods_per_year).'),
        npv: figure('Σ v_t / (1 + npv_rate)^t, when npv_rate is given.'),
        roots: {
          type: 'array',
          items: { type: 'number' },
          description: 'Every rate found that zeroes the NPV, ascending.',
        },
        null_reasons: nullReasons(['irr', 'annual_equivalent', 'npv']),
        conventions: {
          type: 'object',
          description: 'Every convention used, defaults filled in.',
          required: ['equation', 'periods_per_year', 'npv', 'bracket', 'root_selection', 'guess', 'solver'],
          properties: {
            equation: conventionText('The equation solved.'),
            periods_per_year: { type: ['number', 'null'], description: 'Periods per year used, or null.' },
            npv: conventionText('The NPV convention.'),
            ...solverConventionsResponseProperties,
          },
        },
      },
    },
    422: invalid,
  },
} as const;

export const SOLVER_DESCRIPTION = SOLVER_TEXT;
