import { type Static, type TSchema, Type } from 'typebox';
import type { PerformanceBody, PerformanceMwrBody } from '../../app/services/performance.service.ts';
import { BREAKDOWNS } from '../../domain/analytics/periods.ts';
import {
  asOfDateSchema,
  periodsSchema,
  periodsWithoutBreakdownSchema,
  resolvedPeriodProperties,
} from './analytics-periods.schemas.ts';
import * as S from './common.schemas.ts';
import { DataWarnings } from './data-warnings.schemas.ts';
import { fxEffectSchema } from './reporting-currency.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * POST /portfolios/{id}/performance (TWR) and /performance/mwr, in the original's legacy shapes (seed-system
 * §12.2, §12.3) with its bugs fixed. Returns are decimals (0.05 = 5 %): the original's TWR was in percent.
 * Answers are keyed by period name, as the original's were. docs/analytics/performance.md.
 */

const figure = (description: string) =>
  S.nullable(
    Type.Number({
      description: `${description} ${S.FLOAT_NOTE} null when it cannot be known; \`null_reasons\` says why.`,
    }),
  );
const amount = (description: string) =>
  Type.Number({ description: `${description} Base currency. ${S.FLOAT_NOTE}` });
const flag = (description: string, fallback: boolean) =>
  Type.Boolean({ description: `${description} Default ${fallback}.` });

const netOrGross = S.stringEnum(['NET', 'GROSS'] as const, {
  description:
    'NET: after fees (FEE transactions). GROSS: before them. NET ≤ GROSS always (the original added the fees ' +
    'for NET and so reported NET above GROSS). Default NET.',
});

/** The legacy `scope` of a request. */
export const scopeSchema = S.partialObject(
  {
    as_of_date: asOfDateSchema,
    reporting_currency: S.currencyCode(
      "The currency to report in; default the portfolio's base currency. Another one converts the daily " +
        "series at each day's rate (direct, inverse or triangulated through PAS_FX_PIVOT) before the " +
        'returns are computed, and each period shows its fx_effect. Not with options.include_positions (422).',
    ),
    net_or_gross: netOrGross,
  },
  { additionalProperties: false, description: 'What the report is of.' },
);

const scopeEcho = Type.Object(
  {
    as_of_date: S.isoDate('The as-of date used.'),
    reporting_currency: S.text('The currency of every amount and return.'),
    net_or_gross: S.withOptions(netOrGross, { description: 'NET or GROSS, as used.' }),
  },
  { description: 'The scope used, defaults filled in.' },
);

/** What a TWR and an MWR answer begin with: whose, in which currency, over which scope, with which warnings. */
const answerHead = {
  portfolio_id: S.text('Portfolio id.'),
  base_currency: S.text('Base currency.'),
  scope: scopeEcho,
  data_warnings: Type.Optional(DataWarnings),
};
const perPeriod = <E extends TSchema>(entry: E) =>
  S.mapOf(entry, { description: 'One entry per requested period, keyed by its name.' });

const nullReasons = S.mapOf(Type.String(), {
  description:
    'For each null figure, why, by its name (`cumulative_return`, `attributes.end_market_value`, ' +
    '`monthlyReturn`, …). Empty when every figure is known.',
});

/** How complete the closes a period's figures depend on are (issue 10): in every period's answer. */
export const completenessProperties = {
  complete: Type.Boolean({
    description: 'Every close from the day before start_date through end_date is fully valued.',
  }),
  incomplete_days: Type.Integer({
    description:
      'Closes from the day before start_date through end_date whose valuation is incomplete (a position ' +
      'could not be valued, or a key is blocked); any one makes the returns that depend on it null.',
  }),
  first_incomplete_date: S.nullableIsoDate('The first of those closes; null when complete.'),
  incomplete_reasons: Type.Array(Type.String(), {
    description:
      "Why, each problem once as the daily series states it ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', " +
      "'POSITION_BLOCKED X'), sorted; empty when complete.",
  }),
};

const twrAttributes = Type.Object(
  {
    begin_market_value: figure(
      'Value at the close of the day before start_date (0 before the first activity). Base currency.',
    ),
    end_market_value: figure('Value at the close of end_date. Base currency.'),
    total_cashflow: amount('bod_cashflow + eod_cashflow: net external flows, + in, − out.'),
    bod_cashflow: amount('Σ external flows at the start of the day (deposits, transfers in).'),
    eod_cashflow: amount(
      'Σ external flows at the end of the day (withdrawals, transfers out, FEEs booked on cash).',
    ),
    fees: amount(
      'Σ FEE transactions, a positive amount paid (the original summed every negative flow, withdrawals ' +
        'included).',
    ),
    income: amount('Σ dividends and interest received.'),
  },
  { description: 'The amounts behind the return (with options.include_attributes).' },
);

const positionResult = Type.Object(
  {
    security_id: S.text('Security id.'),
    currency: S.nullable(Type.String({ description: "The instrument's (local) currency." })),
    is_cash: Type.Boolean({ description: 'Whether the instrument is cash.' }),
    local_return: figure('TWR of the position in its own currency over the days it was held (decimal).'),
    base_return: figure('TWR of the position in the base currency (decimal).'),
    currency_return: figure('(1 + base_return) / (1 + local_return) − 1: what the currency added.'),
    local_annualized_return: figure('local_return annualized, only for a period longer than a year.'),
    base_annualized_return: figure('base_return annualized, only for a period longer than a year.'),
    incomplete_days: Type.Integer({ description: 'Days of the position in the period not fully valued.' }),
    null_reasons: nullReasons,
  },
  { description: 'One position held in the period.' },
);

const summaryEntry = Type.Object(
  {
    ...resolvedPeriodProperties,
    cumulative_return: Type.Optional(
      figure(
        'TWR over the period, Π(1 + r_d) − 1, a decimal (with options.include_cumulative). A one-day period ' +
          'gives that day’s return (the original gave (1 + R)² − 1).',
      ),
    ),
    annualized_return: Type.Optional(
      figure(
        '(1 + cumulative_return)^(365.25 / days) − 1 for a period longer than one year; null otherwise (the ' +
          'original relabelled the cumulative return). With options.include_annualized.',
      ),
    ),
    ...completenessProperties,
    fx_effect: Type.Optional(fxEffectSchema),
    null_reasons: nullReasons,
    attributes: Type.Optional(twrAttributes),
    positions: Type.Optional(
      Type.Array(positionResult, {
        description: 'Position-level TWR, local and base (with options.include_positions), by security_id.',
      }),
    ),
  },
  { description: 'One period.' },
);

const breakdownResult = Type.Object(
  {
    start_date: S.isoDate('First day of the bucket.'),
    end_date: S.isoDate('Last day of the bucket.'),
    dailyReturn: Type.Optional(figure('DAILY: the day’s return.')),
    weeklyReturn: Type.Optional(figure('WEEKLY: the week’s linked return.')),
    monthlyReturn: Type.Optional(figure('MONTHLY: the month’s linked return.')),
    quarterlyReturn: Type.Optional(figure('QUARTERLY: the quarter’s linked return.')),
    yearlyReturn: Type.Optional(figure('YEARLY: the year’s linked return.')),
    cumulative_return: Type.Optional(
      figure(
        "As the original had it: for DAILY the return since the period's start, for the other breakdowns the " +
          "bucket's own return (= its <type>Return).",
      ),
    ),
    period_to_date_return: figure(
      "Linked from the period's start through end_date, for every breakdown; the last bucket's equals the " +
        "period's cumulative_return.",
    ),
    annualized_return: Type.Optional(
      figure('period_to_date_return annualized, only once it spans more than one year.'),
    ),
    ...completenessProperties,
    null_reasons: nullReasons,
    attributes: Type.Optional(twrAttributes),
  },
  { description: 'One calendar bucket of the breakdown, clipped to the period.' },
);

const twrConventionsSchema = S.notes(
  {
    return_unit: '`decimal`: 0.05 is 5 % (the original’s TWR was in percent).',
    net_or_gross: 'NET or GROSS.',
    currency: '`base`: every amount and the portfolio returns are in the base currency.',
    daily_return: 'The daily return formula.',
    flow_timing: '`as_recorded`: BOD flows invested all day, EOD flows not at all.',
    fees: 'How fees enter NET and GROSS.',
    linking: 'How daily returns link.',
    period_start: 'Where a period is measured from.',
    annualization_basis: '`act365_25`: years = calendar days / 365.25.',
    annualization: 'When and how a return is annualized.',
    breakdown_weeks: 'The weeks of a WEEKLY breakdown.',
    incomplete_valuation: 'How incomplete valuations are treated.',
  },
  { description: 'Every convention the answer used.' },
);

export const performanceSchema = {
  tags: ['analytics'],
  summary: 'Time-weighted return over periods (legacy shape)',
  description:
    "The portfolio's time-weighted return from its daily series: per period the cumulative and annualized " +
    'return, attributes, optional breakdowns (DAILY … YEARLY) and position-level returns in local and base ' +
    'currency. Decimals. The original’s shape (seed-system §12.2) with its bugs fixed: see ' +
    'docs/analytics/performance.md.',
  params: S.portfolioParams,
  body: S.closed({
    scope: Type.Optional(scopeSchema),
    periods: periodsSchema,
    options: Type.Optional(
      S.partialObject(
        {
          include_annualized: flag('Include annualized_return.', true),
          include_cumulative: flag('Include cumulative_return.', true),
          include_attributes: flag('Include attributes (values, flows, fees, income).', false),
          include_positions: flag('Include position-level returns (one more read of the series).', false),
        },
        { additionalProperties: false, description: 'What to include.' },
      ),
    ),
  }),
  response: {
    200: Type.Object({
      ...answerHead,
      summary: perPeriod(summaryEntry),
      breakdowns: Type.Optional(
        S.mapOf(
          Type.Object(
            {
              breakdown_type: S.stringEnum(BREAKDOWNS, { description: 'The breakdown.' }),
              results: Type.Array(breakdownResult, { description: 'The buckets, in date order.' }),
            },
            { description: "A period's breakdown." },
          ),
          { description: 'For each period requested with a breakdown, keyed by its name.' },
        ),
      ),
      conventions: twrConventionsSchema,
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse(
      'A bad period (e.g. an unknown type), as_of_date or reporting_currency (VALIDATION_FAILED); `errors` ' +
        'names each field.',
    ),
  },
} as const;

const mwrEntry = Type.Object(
  {
    ...resolvedPeriodProperties,
    mwr: figure(
      'The money-weighted return over the period itself, (1 + xirr)^years − 1, a decimal (the original ' +
        'reported the annual XIRR here, even for a month).',
    ),
    mwr_annualized: figure(
      'XIRR, the annual rate, only when the cash flows span more than one year and with options.annualize ' +
        '(the original gave it from 365 days on).',
    ),
    method: S.nullable(
      S.stringEnum(['xirr', 'modified_dietz_fallback', 'modified_dietz', null] as const, {
        description:
          '`xirr`, or `modified_dietz_fallback` when the flows change sign but no rate in the bracket solves ' +
          'them (null below −100 %); flows that never change sign have no return (mwr null, "no closing ' +
          'value"); null when the values are unknown.',
      }),
    ),
    years: Type.Number({
      description:
        'Act/365F years from the first to the last cash flow: from the opening value (or the first deposit of ' +
        'a portfolio that starts empty) to the closing value. The span mwr compounds over.',
    }),
    ...completenessProperties,
    null_reasons: nullReasons,
    attributes: Type.Object(
      {
        begin_market_value: figure('Value at the close of the day before start_date. Base currency.'),
        end_market_value: figure('Value at the close of end_date. Base currency.'),
        external_contributions: amount('Σ flows into the portfolio (positive).'),
        external_withdrawals: amount('Σ flows out of the portfolio (negative).'),
        cashflow_count: Type.Integer({
          description: 'Flows in the timeline: the net flow of each day and timing (BOD, EOD) that is not 0.',
        }),
      },
      { description: 'The cash flows solved.' },
    ),
  },
  { description: 'One period.' },
);

const mwrConventionsSchema = S.notes(
  {
    return_unit: '`decimal`.',
    net_or_gross: 'NET or GROSS.',
    currency: '`base`.',
    method: '`xirr`.',
    fallback: '`modified_dietz`: used, and labelled, when XIRR has no root.',
    day_count: '`act365f`: XIRR time is days / 365.',
    root_selection: '`unique`: several roots make the rate null rather than a guess.',
    mwr: 'What mwr is.',
    mwr_annualized: 'What mwr_annualized is.',
    flows: 'Which flows enter.',
    flow_dating: 'When each flow is dated.',
    period_start: 'Where a period starts.',
    incomplete_valuation: 'How incomplete valuations are treated.',
  },
  { description: 'Every convention the answer used.' },
);

export const mwrSchema = {
  tags: ['analytics'],
  summary: 'Money-weighted return over periods (legacy shape)',
  description:
    "XIRR of each period's opening value, external flows and closing value, from the daily series. " +
    'Decimals. The original’s shape (seed-system §12.3) with its annualization fixed: see ' +
    'docs/analytics/performance.md.',
  params: S.portfolioParams,
  body: S.closed({
    scope: Type.Optional(scopeSchema),
    periods: periodsWithoutBreakdownSchema,
    options: Type.Optional(
      S.closed(
        { annualize: Type.Optional(flag('Report mwr_annualized for periods longer than a year.', true)) },
        { description: 'Options.' },
      ),
    ),
  }),
  response: {
    200: Type.Object({
      ...answerHead,
      summary: perPeriod(mwrEntry),
      conventions: mwrConventionsSchema,
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse('A bad period, as_of_date or reporting_currency (VALIDATION_FAILED).'),
  },
} as const;

// What the validator lets through is what the service takes.
accepts<Static<typeof performanceSchema.body>, PerformanceBody>();
accepts<Static<typeof mwrSchema.body>, PerformanceMwrBody>();
