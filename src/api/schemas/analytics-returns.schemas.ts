import { type Static, Type } from 'typebox';
import {
  DIETZ_DEFAULTS,
  type DietzBody,
  type IrrBody,
  MWR_DEFAULTS,
  type MwrBody,
  SOLVER_DEFAULTS,
  TWR_DEFAULTS,
  type TwrBody,
} from '../../app/services/returns.service.ts';
import { BREAKDOWNS } from '../../domain/analytics/periods.ts';
import { ANNUALIZATION_BASES } from '../../domain/analytics/returns/annualize.ts';
import { DIETZ_TIMINGS } from '../../domain/analytics/returns/modified-dietz.ts';
import { MWR_FALLBACKS, MWR_METHODS } from '../../domain/analytics/returns/mwr.ts';
import { DEFAULT_BRACKET, ROOT_SELECTIONS } from '../../domain/analytics/returns/rate-solver.ts';
import { FEE_BOOKINGS, FLOW_TIMINGS, NET_OR_GROSS } from '../../domain/analytics/returns/types.ts';
import { periodsSchema, resolvedPeriodProperties } from './analytics-periods.schemas.ts';
import * as S from './common.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * JSON schemas of the stateless return endpoints (issue 6, item 1): POST /analytics/twr, /analytics/modified-dietz,
 * /analytics/mwr and /analytics/irr. Returns are decimals (0.05 = 5 %); amounts and values are float64 JSON
 * numbers in one currency. Formulas: docs/analytics/returns.md.
 */

const nullReasons = <const K extends string>(names: readonly K[]) =>
  Type.Object(
    S.propertiesOf(names, (n) => Type.Optional(S.text(`Why \`${n}\` is null.`))),
    {
      description:
        'For each figure that is null, why (by the same name). Empty when every figure is defined.',
    },
  );
const conventionText = (description: string) => Type.String({ description });

const invalid = S.problemResponse(
  'The request is invalid (VALIDATION_FAILED); `errors` names each field (e.g. `rows[2].fees`, `rows[3].date`).',
);

// ─── Shared pieces ──────────────────────────────────────────────────────────────────────────────────────

const FLOW_SIGN = 'Signed from the portfolio: + contribution into the portfolio, − withdrawal.';

/** A pair [lo, hi]: minItems and maxItems say so to the validator, the type says so to the solver. */
const bracketSchema = Type.Unsafe<[number, number]>(
  Type.Array(Type.Number({ exclusiveMinimum: -1 }), {
    minItems: 2,
    maxItems: 2,
    default: [...SOLVER_DEFAULTS.bracket],
    description:
      `[lo, hi], −1 < lo < hi (default [${DEFAULT_BRACKET.join(', ')}]): the rates searched for roots when the ` +
      'cash flows change sign more than once. When they change sign exactly once the root is unique on (−1, ∞) ' +
      'and the bracket is widened until it holds it.',
  }),
);

const rootSelectionSchema = (fallback: (typeof ROOT_SELECTIONS)[number]) =>
  S.stringEnum(ROOT_SELECTIONS, {
    default: fallback,
    description:
      `Which root is the rate when several solve it (default ${fallback}). \`unique\`: none (null with the ` +
      'roots in the reason); `closest_to_guess`: the root nearest `guess` (numpy-financial `irr`).',
  });

const solverConventionsRequest = (selection: (typeof ROOT_SELECTIONS)[number]) =>
  S.closed(
    {
      bracket: S.defaulted(bracketSchema),
      root_selection: S.defaulted(rootSelectionSchema(selection)),
      guess: S.defaulted(
        Type.Number({
          exclusiveMinimum: -1,
          default: SOLVER_DEFAULTS.guess,
          description: 'The rate `closest_to_guess` measures from (default 0.1, numpy-financial).',
        }),
      ),
    },
    { description: 'Solver choices; every one omitted takes its default, and the response echoes them all.' },
  );

const SOLVER_TEXT =
  'Brent (bracketing: inverse quadratic interpolation safeguarded by bisection) on x = ln(1 + r), to machine ' +
  'precision; never Newton alone, which diverges on deep losses. Descartes: no sign change → no root (null); ' +
  'one → a unique root on (−1, ∞); more → the roots in the bracket on a 1000-cell grid, then root_selection.';

const solverConventionsResponseProperties = {
  bracket: Type.Array(Type.Number(), { description: 'The bracket [lo, hi] searched.' }),
  root_selection: S.stringEnum(ROOT_SELECTIONS, { description: 'The root selection used.' }),
  guess: Type.Number({ description: 'The guess of `closest_to_guess`.' }),
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

const twrRowSchema = Type.Object(
  {
    date: S.isoDate('The day (YYYY-MM-DD).'),
    bod_market_value: S.float('Value at the previous close, before the day’s flows.'),
    bod_cashflow: S.float(`External flow at the beginning of the day. ${FLOW_SIGN}`),
    eod_cashflow: S.float(`External flow at the end of the day. ${FLOW_SIGN}`),
    eod_market_value: S.float('Value at the close, after every flow of the day.'),
    fees: S.defaulted(
      Type.Number({ minimum: 0, default: 0, description: `Fees paid on the day. ${FEES_TEXT}` }),
    ),
  },
  {
    description:
      'One day of a daily valuation series (the shape of GET /portfolios/{id}/timeseries rows, whose other ' +
      'fields are ignored). Rows are in ascending date order, one per date.',
  },
);

export const twrRequestSchema = S.closed(
  {
    rows: Type.Array(twrRowSchema, { minItems: 1, description: 'The days, in ascending date order.' }),
    flow_timing: S.defaulted(
      S.stringEnum(FLOW_TIMINGS, {
        default: TWR_DEFAULTS.flow_timing,
        description: `When the day's flows arrive. ${TIMING_TEXT}`,
      }),
    ),
    net_or_gross: S.defaulted(
      S.stringEnum(NET_OR_GROSS, {
        default: TWR_DEFAULTS.net_or_gross,
        description: `NET (default): after fees; GROSS: before fees. ${FEES_TEXT}`,
      }),
    ),
    breakdown: Type.Optional(
      S.stringEnum(BREAKDOWNS, {
        description:
          'Optional sub-periods of the whole series: calendar days, weeks ending on Sunday, months, quarters or ' +
          'years, each the linked return of its rows.',
      }),
    ),
    periods: Type.Optional(
      S.withOptions(periodsSchema, {
        description:
          'Optional reporting periods (the per-portfolio period types; as-of = the last row, inception = the first ' +
          'row, so SI is the whole series). Each period links the rows dated inside it.',
      }),
    ),
    conventions: Type.Optional(
      S.closed(
        {
          fee_booking: S.defaulted(
            S.stringEnum(FEE_BOOKINGS, { default: TWR_DEFAULTS.fee_booking, description: FEE_BOOKING_TEXT }),
          ),
          annualization_basis: S.defaulted(
            S.stringEnum(ANNUALIZATION_BASES, {
              default: TWR_DEFAULTS.annualization_basis,
              description: ANNUALIZATION_TEXT,
            }),
          ),
          periods_per_year: S.defaulted(
            Type.Number({
              exclusiveMinimum: 0,
              default: TWR_DEFAULTS.periods_per_year,
              description: 'Rows a year holds, for the `periods` basis (default 252).',
            }),
          ),
        },
        {
          description:
            'Further choices; every one omitted takes its default, and the response echoes them all.',
        },
      ),
    ),
  },
  { description: 'A daily valuation series and how to read it.' },
);

const TWR_FIGURES = ['cumulative_return', 'annualized_return'] as const;

const linkedFigures = {
  cumulative_return: S.figure(
    'Time-weighted return: Π(1 + r_t) − 1 over the rows (days with no capital at work left out).',
  ),
  annualized_return: S.figure(
    '(1 + cumulative)^(1/years) − 1, only for a period longer than one year (null otherwise).',
  ),
  null_reasons: nullReasons(TWR_FIGURES),
} as const;

const bucketSchema = Type.Object({
  start_date: S.isoDate('First day of the window (the calendar bucket clipped to the period).'),
  end_date: S.isoDate('Last day of the window.'),
  cumulative_return: S.figure('The linked return of the rows in the window.'),
  null_reasons: nullReasons(['cumulative_return']),
});

const breakdownSchema = Type.Object(
  {
    type: S.stringEnum(BREAKDOWNS, { description: 'The breakdown asked for.' }),
    results: Type.Array(bucketSchema, { description: 'One entry per window with rows, in date order.' }),
  },
  {
    description:
      'Sub-period returns; windows without rows are left out. Never annualized (each is a year at most).',
  },
);

const twrConventionsResponse = S.conventionsUsed({
  flow_timing: S.stringEnum(FLOW_TIMINGS, { description: TIMING_TEXT }),
  net_or_gross: S.stringEnum(NET_OR_GROSS, { description: 'NET or GROSS of fees.' }),
  fee_booking: S.stringEnum(FEE_BOOKINGS, { description: FEE_BOOKING_TEXT }),
  annualization_basis: S.stringEnum(ANNUALIZATION_BASES, { description: ANNUALIZATION_TEXT }),
  periods_per_year: Type.Number({ description: 'Rows per year of the `periods` basis.' }),
  daily_return: conventionText('The daily return formula with the weights of flow_timing.'),
  linking: conventionText('How daily returns are linked.'),
  annualization: conventionText('How and when a return is annualized.'),
  period: conventionText('Where the measured period starts and ends.'),
  fees: conventionText('The sign of `fees` and what NET and GROSS do with it.'),
  undefined_values: conventionText('When a figure is null.'),
});

export const twrSchema = {
  tags: ['analytics'],
  summary: 'Time-weighted return of a daily valuation series (stateless)',
  description:
    'Daily returns (a one-day Modified Dietz per row), linked geometrically, annualized beyond one year, with ' +
    'optional breakdowns and reporting periods. Methodology §8.1.',
  body: twrRequestSchema,
  response: {
    200: Type.Object({
      start_date: S.isoDate('The close the period starts from: the day before the first row.'),
      end_date: S.isoDate('The last row’s date.'),
      daily_returns: Type.Array(
        Type.Object({
          date: S.isoDate('The row’s date.'),
          value: S.figure('The day’s return.'),
          null_reasons: Type.Optional(nullReasons(['value'])),
        }),
        { description: 'One return per row, in row order.' },
      ),
      ...linkedFigures,
      breakdown: Type.Optional(breakdownSchema),
      periods: Type.Optional(
        Type.Array(
          Type.Object({
            ...resolvedPeriodProperties,
            requested_start_date: Type.Optional(resolvedPeriodProperties.requested_start_date),
            requested_end_date: Type.Optional(resolvedPeriodProperties.requested_end_date),
            days: Type.Optional(resolvedPeriodProperties.days),
            first_date: S.nullableIsoDate('The first row inside the period (null when none is).'),
            last_date: S.nullableIsoDate('The last row inside the period (null when none is).'),
            ...linkedFigures,
            null_reasons: Type.Optional(linkedFigures.null_reasons),
            breakdown: Type.Optional(breakdownSchema),
          }),
          { description: 'One entry per requested period, in request order.' },
        ),
      ),
      conventions: twrConventionsResponse,
    }),
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

export const modifiedDietzRequestSchema = S.closed(
  {
    start_date: S.isoDate('The close the period starts from (the valuation date of begin_market_value).'),
    end_date: S.isoDate('The close the period ends at, after start_date.'),
    begin_market_value: S.float('Value at the close of start_date.'),
    end_market_value: S.float('Value at the close of end_date, after every flow.'),
    flows: Type.Array(
      S.closed({
        date: S.isoDate('The flow’s date.'),
        amount: S.float(`The flow. ${FLOW_SIGN}`),
        value_before_flow: Type.Optional(
          Type.Number({
            minimum: 0,
            description:
              'The portfolio’s value just before the flow (at the close of its date for end_of_day, of the day ' +
              'before for start_of_day). Needed for a flow to count as large; flows of one date must agree on it.',
          }),
        ),
      }),
      { description: 'External flows dated after start_date and no later than end_date (may be empty).' },
    ),
    flow_timing: S.defaulted(
      S.stringEnum(DIETZ_TIMINGS, {
        default: DIETZ_DEFAULTS.flow_timing,
        description: `${DIETZ_TIMING_TEXT} Large-flow revaluation needs end_of_day or start_of_day.`,
      }),
    ),
    large_flow_threshold: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        description: `Optional share of the value before a flow (0.1 = 10 %) from which it is large. ${LARGE_FLOW_TEXT}`,
      }),
    ),
  },
  { description: 'A period valued at both ends and the external flows between.' },
);

const MD_FIGURES = ['modified_dietz', 'simple_dietz', 'irr_period_return', 'twr_linked'] as const;

export const modifiedDietzSchema = {
  tags: ['analytics'],
  summary: 'Modified Dietz return of a period, with large-flow revaluation (stateless)',
  description:
    'Modified and simple Dietz, the exact money-weighted period return, and GIPS sub-period linking. Methodology §8.2–8.3.',
  body: modifiedDietzRequestSchema,
  response: {
    200: Type.Object({
      start_date: S.isoDate('Start of the period (a close).'),
      end_date: S.isoDate('End of the period (a close).'),
      modified_dietz: S.figure(
        '(EMV − BMV − Σ CF_i) / (BMV + Σ W_i·CF_i) over the whole period, every flow weighted (no revaluation).',
      ),
      simple_dietz: S.figure('(EMV − BMV − Σ CF_i) / (BMV + Σ CF_i / 2).'),
      irr_period_return: S.figure(
        'R solving BMV(1 + R) + Σ CF_i (1 + R)^W_i = EMV (the W_i of flow_timing): the money-weighted period ' +
          'return Modified Dietz approximates; where several R solve it, the one nearest modified_dietz.',
      ),
      weights: Type.Array(Type.Number(), { description: 'W_i of each flow, in request order.' }),
      gain: S.float('EMV − BMV − Σ CF_i.'),
      calendar_days: Type.Integer({ description: 'CD = end_date − start_date.' }),
      twr_linked: Type.Optional(
        S.figure('With large_flow_threshold: Π(1 + sub-period return) − 1 (omitted without a threshold).'),
      ),
      subperiods: Type.Optional(
        Type.Array(
          Type.Object({
            start_date: S.isoDate('The close the sub-period starts from.'),
            end_date: S.isoDate('The close it ends at.'),
            begin_value: S.float('Value at its start (after the large flow that opened it).'),
            end_value: S.float(
              'Value at its end (before the large flow that closes it, or end_market_value).',
            ),
            flows_inside: Type.Array(
              Type.Object({
                date: S.isoDate('Date of the flow.'),
                amount: S.float('Net flow of the date.'),
                weight: S.float('Its Modified Dietz weight over the sub-period.'),
              }),
              { description: 'The smaller flows inside it (netted per date), with their weights over it.' },
            ),
            return: S.figure(
              'Modified Dietz over the sub-period (the plain value ratio when no flow is inside).',
            ),
            null_reasons: nullReasons(['return']),
          }),
          { description: 'With large_flow_threshold: the sub-periods between revaluations, in date order.' },
        ),
      ),
      large_flows: Type.Optional(
        Type.Array(
          Type.Object({
            date: S.isoDate('Date of the flow.'),
            amount: S.float('Net flow of the date.'),
            value_before_flow: S.float('Value just before it.'),
            ratio: S.nullable(
              Type.Number({
                description: 'amount / value_before_flow, signed (null when that value is 0: always large).',
              }),
            ),
            revalued: Type.Boolean({
              description: 'Whether it split the period (false at the very start or end of the period).',
            }),
          }),
          { description: 'With large_flow_threshold: the flows (netted per date) at or above it.' },
        ),
      ),
      null_reasons: nullReasons(MD_FIGURES),
      conventions: S.conventionsUsed({
        flow_timing: S.stringEnum(DIETZ_TIMINGS, { description: DIETZ_TIMING_TEXT }),
        weights: conventionText('The weight formula used.'),
        period: conventionText('The period boundaries.'),
        flow_sign: conventionText('The sign of flow amounts.'),
        large_flow_threshold: S.nullable(
          Type.Number({ description: 'The threshold used, null when none was given (no revaluation).' }),
        ),
        large_flows: conventionText('The large-flow policy.'),
      }),
    }),
    422: invalid,
  },
} as const;

// ─── POST /analytics/mwr ────────────────────────────────────────────────────────────────────────────────

const INVESTOR_SIGN =
  'Investor signs: − money paid in (a purchase, a contribution), + money received (a withdrawal, the final value).';

export const mwrRequestSchema = S.closed(
  {
    cashflows: Type.Optional(
      Type.Array(S.closed({ date: S.isoDate('Date of the flow.'), amount: S.float(INVESTOR_SIGN) }), {
        minItems: 1,
        description: `Dated cash flows, any order. ${INVESTOR_SIGN}`,
      }),
    ),
    start_date: Type.Optional(S.isoDate('Valued-period form: the close of begin_market_value.')),
    end_date: Type.Optional(
      S.isoDate('Valued-period form: the close of end_market_value, after start_date.'),
    ),
    begin_market_value: Type.Optional(
      S.float('Valued-period form: value at the close of start_date (paid in by the investor).'),
    ),
    end_market_value: Type.Optional(
      S.float('Valued-period form: value at the close of end_date (received by the investor).'),
    ),
    flows: Type.Optional(
      Type.Array(S.closed({ date: S.isoDate('Date of the flow.'), amount: S.float(FLOW_SIGN) }), {
        description: `Valued-period form: external flows dated after start_date, up to end_date. ${FLOW_SIGN}`,
      }),
    ),
    method: S.defaulted(
      S.stringEnum(MWR_METHODS, {
        default: MWR_DEFAULTS.method,
        description: '`xirr` (default) or `modified_dietz` (end-of-day weights) for period_return.',
      }),
    ),
    fallback: S.defaulted(
      S.stringEnum(MWR_FALLBACKS, {
        default: MWR_DEFAULTS.fallback,
        description:
          'What answers when XIRR has no root in the bracket: `modified_dietz` ' +
          '(default; method then says `modified_dietz_fallback`) or `none` (null). Several roots are not a ' +
          'fallback case: the rate is ambiguous and stays null; nor are flows that never change sign (null, ' +
          '"no closing value") or all fall on one date. Modified Dietz below −100 % is null with the reason.',
      }),
    ),
    conventions: Type.Optional(solverConventionsRequest('unique')),
  },
  {
    description:
      'Either `cashflows` (investor signs) or a valued period: start_date, end_date, begin_market_value, ' +
      'end_market_value and `flows` (portfolio signs), turned into −begin value, −flows, +end value.',
  },
);

const MWR_FIGURES = ['xirr', 'period_return', 'annual_equivalent', 'modified_dietz'] as const;

export const mwrSchema = {
  tags: ['analytics'],
  summary: 'Money-weighted return: XIRR, Act/365F (stateless)',
  description: 'XIRR by a bracketing solver, with a labelled Modified Dietz fallback. Methodology §9.1.',
  body: mwrRequestSchema,
  response: {
    200: Type.Object({
      xirr: S.figure('The annual effective rate r with Σ CF_i / (1 + r)^((d_i − d_0)/365) = 0.'),
      method: S.stringEnum(['xirr', 'modified_dietz', 'modified_dietz_fallback'] as const, {
        description:
          'What period_return and annual_equivalent come from: XIRR, Modified Dietz as asked, or Modified ' +
          'Dietz because XIRR has no root.',
      }),
      period_return: S.figure(
        'The money-weighted return over the whole span, not annualized: (1 + xirr)^years − 1, or Modified Dietz.',
      ),
      annual_equivalent: S.figure('As an annual rate: xirr itself, or (1 + modified_dietz)^(1/years) − 1.'),
      modified_dietz: Type.Optional(
        S.figure('Modified Dietz (end-of-day weights), when asked for or fallen back on.'),
      ),
      years_spanned: S.float('Act/365F years from the first to the last date.'),
      roots: Type.Array(Type.Number(), { description: 'Every rate found that zeroes the XNPV, ascending.' }),
      cashflows: Type.Array(Type.Object({ date: S.isoDate('Date.'), amount: S.float(INVESTOR_SIGN) }), {
        description: 'The investor cash flows solved (for the valued-period form, as built from it).',
      }),
      null_reasons: nullReasons(MWR_FIGURES),
      conventions: S.conventionsUsed({
        day_count: conventionText('The day count of the exponents.'),
        sign: conventionText('The sign convention of the cash flows.'),
        method: S.stringEnum(MWR_METHODS, { description: 'The method asked for.' }),
        fallback: S.stringEnum(MWR_FALLBACKS, { description: 'The fallback allowed.' }),
        ...solverConventionsResponseProperties,
      }),
    }),
    422: invalid,
  },
} as const;

// ─── POST /analytics/irr ────────────────────────────────────────────────────────────────────────────────

export const irrRequestSchema = S.closed(
  {
    values: Type.Array(Type.Number(), {
      minItems: 2,
      description: `v_0 … v_N, one per period. ${INVESTOR_SIGN}`,
    }),
    periods_per_year: Type.Optional(
      S.nullable(
        Type.Number({
          exclusiveMinimum: 0,
          description:
            'Periods per year (12 monthly, 4 quarterly) for annual_equivalent; omit or null for none.',
        }),
      ),
    ),
    npv_rate: Type.Optional(
      Type.Number({
        exclusiveMinimum: -1,
        description:
          'Optional per-period rate at which to report `npv` (numpy-financial convention, v_0 at t = 0).',
      }),
    ),
    conventions: Type.Optional(solverConventionsRequest('closest_to_guess')),
  },
  { description: 'Cash flows at equally spaced periods t = 0, 1, …, N.' },
);

export const irrSchema = {
  tags: ['analytics'],
  summary: 'Periodic IRR (stateless)',
  description:
    'The per-period rate with Σ v_t / (1 + r)^t = 0; by default the root nearest 0.1 when several solve it, as ' +
    'numpy-financial `irr`. Methodology §9.2.',
  body: irrRequestSchema,
  response: {
    200: Type.Object({
      irr: S.figure('The per-period rate.'),
      annual_equivalent: S.figure('(1 + irr)^periods_per_year − 1 (null without periods_per_year).'),
      npv: Type.Optional(S.figure('Σ v_t / (1 + npv_rate)^t, when npv_rate is given.')),
      roots: Type.Array(Type.Number(), { description: 'Every rate found that zeroes the NPV, ascending.' }),
      null_reasons: nullReasons(['irr', 'annual_equivalent', 'npv']),
      conventions: S.conventionsUsed({
        equation: conventionText('The equation solved.'),
        periods_per_year: S.nullable(Type.Number({ description: 'Periods per year used, or null.' })),
        npv: conventionText('The NPV convention.'),
        ...solverConventionsResponseProperties,
      }),
    }),
    422: invalid,
  },
} as const;

export const SOLVER_DESCRIPTION = SOLVER_TEXT;

// What the validator lets through is what the stateless return services take (src/app/services/returns.service.ts).
accepts<Static<typeof twrRequestSchema>, TwrBody>();
accepts<Static<typeof modifiedDietzRequestSchema>, DietzBody>();
accepts<Static<typeof mwrRequestSchema>, MwrBody>();
accepts<Static<typeof irrRequestSchema>, IrrBody>();
