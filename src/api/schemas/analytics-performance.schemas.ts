import { BREAKDOWNS } from '../../domain/analytics/periods.ts';
import {
  asOfDateSchema,
  periodsSchema,
  periodsWithoutBreakdownSchema,
  RESOLVED_PERIOD_REQUIRED,
  resolvedPeriodProperties,
} from './analytics-periods.schemas.ts';
import { currencyCode, isoDate, nullableIsoDate, problemResponse, text } from './common.schemas.ts';
import { DataWarnings } from './data-warnings.schemas.ts';

/**
 * POST /portfolios/{id}/performance (TWR) and /performance/mwr, in the original's legacy shapes (seed-system
 * §12.2, §12.3) with its bugs fixed. Returns are decimals (0.05 = 5 %): the original's TWR was in percent.
 * Answers are keyed by period name, as the original's were. docs/analytics/performance.md.
 */

const FLOAT = 'A float64 JSON number.';
const figure = (description: string) =>
  ({
    type: ['number', 'null'],
    description: `${description} ${FLOAT} null when it cannot be known; \`null_reasons\` says why.`,
  }) as const;
const amount = (description: string) =>
  ({ type: 'number', description: `${description} Base currency. ${FLOAT}` }) as const;
const flag = (description: string, fallback: boolean) =>
  ({ type: 'boolean', description: `${description} Default ${fallback}.` }) as const;

export const params = {
  type: 'object',
  required: ['portfolio_id'],
  properties: { portfolio_id: text('Portfolio id.') },
} as const;

const netOrGross = {
  type: 'string',
  enum: ['NET', 'GROSS'],
  description:
    'NET: after fees (FEE transactions). GROSS: before them. NET ≤ GROSS always (the original added the fees ' +
    'for NET and so reported NET above GROSS). Default NET.',
} as const;

/** The legacy `scope` of a request. */
export const scopeSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'What the report is of.',
  properties: {
    as_of_date: asOfDateSchema,
    reporting_currency: currencyCode(
      "The currency to report in: only the portfolio's base currency is supported, another is a 422 (the " +
        'original silently ignored it).',
    ),
    net_or_gross: netOrGross,
  },
} as const;

const scopeEcho = {
  type: 'object',
  required: ['as_of_date', 'reporting_currency', 'net_or_gross'],
  description: 'The scope used, defaults filled in.',
  properties: {
    as_of_date: isoDate('The as-of date used.'),
    reporting_currency: text('The currency of every amount: the base currency.'),
    net_or_gross: { ...netOrGross, description: 'NET or GROSS, as used.' },
  },
} as const;

const nullReasons = {
  type: 'object',
  description:
    'For each null figure, why, by its name (`cumulative_return`, `attributes.end_market_value`, ' +
    '`monthlyReturn`, …). Empty when every figure is known.',
  additionalProperties: { type: 'string' },
} as const;

/** How complete the closes a period's figures depend on are (issue 10): in every period's answer. */
export const completenessProperties = {
  complete: {
    type: 'boolean',
    description: 'Every close from the day before start_date through end_date is fully valued.',
  },
  incomplete_days: {
    type: 'integer',
    description:
      'Closes from the day before start_date through end_date whose valuation is incomplete (a position ' +
      'could not be valued, or a key is blocked); any one makes the returns that depend on it null.',
  },
  first_incomplete_date: nullableIsoDate('The first of those closes; null when complete.'),
  incomplete_reasons: {
    type: 'array',
    items: { type: 'string' },
    description:
      "Why, each problem once as the daily series states it ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', " +
      "'POSITION_BLOCKED X'), sorted; empty when complete.",
  },
} as const;

export const COMPLETENESS_REQUIRED = [
  'complete',
  'incomplete_days',
  'first_incomplete_date',
  'incomplete_reasons',
] as const;

const twrAttributes = {
  type: 'object',
  description: 'The amounts behind the return (with options.include_attributes).',
  required: [
    'begin_market_value',
    'end_market_value',
    'total_cashflow',
    'bod_cashflow',
    'eod_cashflow',
    'fees',
    'income',
  ],
  properties: {
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
} as const;

const positionResult = {
  type: 'object',
  description: 'One position held in the period.',
  required: [
    'security_id',
    'currency',
    'is_cash',
    'local_return',
    'base_return',
    'currency_return',
    'local_annualized_return',
    'base_annualized_return',
    'incomplete_days',
    'null_reasons',
  ],
  properties: {
    security_id: text('Security id.'),
    currency: { type: ['string', 'null'], description: "The instrument's (local) currency." },
    is_cash: { type: 'boolean', description: 'Whether the instrument is cash.' },
    local_return: figure('TWR of the position in its own currency over the days it was held (decimal).'),
    base_return: figure('TWR of the position in the base currency (decimal).'),
    currency_return: figure('(1 + base_return) / (1 + local_return) − 1: what the currency added.'),
    local_annualized_return: figure('local_return annualized, only for a period longer than a year.'),
    base_annualized_return: figure('base_return annualized, only for a period longer than a year.'),
    incomplete_days: { type: 'integer', description: 'Days of the position in the period not fully valued.' },
    null_reasons: nullReasons,
  },
} as const;

const summaryEntry = {
  type: 'object',
  description: 'One period.',
  required: [...RESOLVED_PERIOD_REQUIRED, ...COMPLETENESS_REQUIRED, 'null_reasons'],
  properties: {
    ...resolvedPeriodProperties,
    cumulative_return: figure(
      'TWR over the period, Π(1 + r_d) − 1, a decimal (with options.include_cumulative). A one-day period ' +
        'gives that day’s return (the original gave (1 + R)² − 1).',
    ),
    annualized_return: figure(
      '(1 + cumulative_return)^(365.25 / days) − 1 for a period longer than one year; null otherwise (the ' +
        'original relabelled the cumulative return). With options.include_annualized.',
    ),
    ...completenessProperties,
    null_reasons: nullReasons,
    attributes: twrAttributes,
    positions: {
      type: 'array',
      items: positionResult,
      description: 'Position-level TWR, local and base (with options.include_positions), by security_id.',
    },
  },
} as const;

const breakdownResult = {
  type: 'object',
  description: 'One calendar bucket of the breakdown, clipped to the period.',
  required: ['start_date', 'end_date', 'period_to_date_return', ...COMPLETENESS_REQUIRED, 'null_reasons'],
  properties: {
    start_date: isoDate('First day of the bucket.'),
    end_date: isoDate('Last day of the bucket.'),
    dailyReturn: figure('DAILY: the day’s return.'),
    weeklyReturn: figure('WEEKLY: the week’s linked return.'),
    monthlyReturn: figure('MONTHLY: the month’s linked return.'),
    quarterlyReturn: figure('QUARTERLY: the quarter’s linked return.'),
    yearlyReturn: figure('YEARLY: the year’s linked return.'),
    cumulative_return: figure(
      "As the original had it: for DAILY the return since the period's start, for the other breakdowns the " +
        "bucket's own return (= its <type>Return).",
    ),
    period_to_date_return: figure(
      "Linked from the period's start through end_date, for every breakdown; the last bucket's equals the " +
        "period's cumulative_return.",
    ),
    annualized_return: figure('period_to_date_return annualized, only once it spans more than one year.'),
    ...completenessProperties,
    null_reasons: nullReasons,
    attributes: twrAttributes,
  },
} as const;

const twrConventionsSchema = {
  type: 'object',
  description: 'Every convention the answer used.',
  properties: {
    return_unit: text('`decimal`: 0.05 is 5 % (the original’s TWR was in percent).'),
    net_or_gross: text('NET or GROSS.'),
    currency: text('`base`: every amount and the portfolio returns are in the base currency.'),
    daily_return: text('The daily return formula.'),
    flow_timing: text('`as_recorded`: BOD flows invested all day, EOD flows not at all.'),
    fees: text('How fees enter NET and GROSS.'),
    linking: text('How daily returns link.'),
    period_start: text('Where a period is measured from.'),
    annualization_basis: text('`act365_25`: years = calendar days / 365.25.'),
    annualization: text('When and how a return is annualized.'),
    breakdown_weeks: text('The weeks of a WEEKLY breakdown.'),
    incomplete_valuation: text('How incomplete valuations are treated.'),
  },
} as const;

export const performanceSchema = {
  tags: ['analytics'],
  summary: 'Time-weighted return over periods (legacy shape)',
  description:
    "The portfolio's time-weighted return from its daily series: per period the cumulative and annualized " +
    'return, attributes, optional breakdowns (DAILY … YEARLY) and position-level returns in local and base ' +
    'currency. Decimals. The original’s shape (seed-system §12.2) with its bugs fixed: see ' +
    'docs/analytics/performance.md.',
  params,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['periods'],
    properties: {
      scope: scopeSchema,
      periods: periodsSchema,
      options: {
        type: 'object',
        additionalProperties: false,
        description: 'What to include.',
        properties: {
          include_annualized: flag('Include annualized_return.', true),
          include_cumulative: flag('Include cumulative_return.', true),
          include_attributes: flag('Include attributes (values, flows, fees, income).', false),
          include_positions: flag('Include position-level returns (one more read of the series).', false),
        },
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'base_currency', 'scope', 'summary', 'conventions'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency.'),
        scope: scopeEcho,
        data_warnings: DataWarnings,
        summary: {
          type: 'object',
          description: 'One entry per requested period, keyed by its name.',
          additionalProperties: summaryEntry,
        },
        breakdowns: {
          type: 'object',
          description: 'For each period requested with a breakdown, keyed by its name.',
          additionalProperties: {
            type: 'object',
            required: ['breakdown_type', 'results'],
            description: "A period's breakdown.",
            properties: {
              breakdown_type: { type: 'string', enum: [...BREAKDOWNS], description: 'The breakdown.' },
              results: { type: 'array', items: breakdownResult, description: 'The buckets, in date order.' },
            },
          },
        },
        conventions: twrConventionsSchema,
      },
    },
    404: problemResponse('The portfolio is not known (NOT_FOUND).'),
    422: problemResponse(
      'A bad period (e.g. an unknown type), as_of_date or reporting_currency (VALIDATION_FAILED); `errors` ' +
        'names each field.',
    ),
  },
} as const;

const mwrEntry = {
  type: 'object',
  description: 'One period.',
  required: [
    ...RESOLVED_PERIOD_REQUIRED,
    'mwr',
    'mwr_annualized',
    'method',
    'years',
    ...COMPLETENESS_REQUIRED,
    'null_reasons',
    'attributes',
  ],
  properties: {
    ...resolvedPeriodProperties,
    mwr: figure(
      'The money-weighted return over the period itself, (1 + xirr)^years − 1, a decimal (the original ' +
        'reported the annual XIRR here, even for a month).',
    ),
    mwr_annualized: figure(
      'XIRR, the annual rate, only when the cash flows span more than one year and with options.annualize ' +
        '(the original gave it from 365 days on).',
    ),
    method: {
      type: ['string', 'null'],
      enum: ['xirr', 'modified_dietz_fallback', 'modified_dietz', null],
      description:
        '`xirr`, or `modified_dietz_fallback` when the flows change sign but no rate in the bracket solves ' +
        'them (null below −100 %); flows that never change sign have no return (mwr null, "no closing ' +
        'value"); null when the values are unknown.',
    },
    years: {
      type: 'number',
      description:
        'Act/365F years from the first to the last cash flow: from the opening value (or the first deposit of ' +
        'a portfolio that starts empty) to the closing value. The span mwr compounds over.',
    },
    ...completenessProperties,
    null_reasons: nullReasons,
    attributes: {
      type: 'object',
      description: 'The cash flows solved.',
      required: [
        'begin_market_value',
        'end_market_value',
        'external_contributions',
        'external_withdrawals',
        'cashflow_count',
      ],
      properties: {
        begin_market_value: figure('Value at the close of the day before start_date. Base currency.'),
        end_market_value: figure('Value at the close of end_date. Base currency.'),
        external_contributions: amount('Σ flows into the portfolio (positive).'),
        external_withdrawals: amount('Σ flows out of the portfolio (negative).'),
        cashflow_count: {
          type: 'integer',
          description: 'Flows in the timeline: the net flow of each day and timing (BOD, EOD) that is not 0.',
        },
      },
    },
  },
} as const;

const mwrConventionsSchema = {
  type: 'object',
  description: 'Every convention the answer used.',
  properties: {
    return_unit: text('`decimal`.'),
    net_or_gross: text('NET or GROSS.'),
    currency: text('`base`.'),
    method: text('`xirr`.'),
    fallback: text('`modified_dietz`: used, and labelled, when XIRR has no root.'),
    day_count: text('`act365f`: XIRR time is days / 365.'),
    root_selection: text('`unique`: several roots make the rate null rather than a guess.'),
    mwr: text('What mwr is.'),
    mwr_annualized: text('What mwr_annualized is.'),
    flows: text('Which flows enter.'),
    flow_dating: text('When each flow is dated.'),
    period_start: text('Where a period starts.'),
    incomplete_valuation: text('How incomplete valuations are treated.'),
  },
} as const;

export const mwrSchema = {
  tags: ['analytics'],
  summary: 'Money-weighted return over periods (legacy shape)',
  description:
    "XIRR of each period's opening value, external flows and closing value, from the daily series. " +
    'Decimals. The original’s shape (seed-system §12.3) with its annualization fixed: see ' +
    'docs/analytics/performance.md.',
  params,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['periods'],
    properties: {
      scope: scopeSchema,
      periods: periodsWithoutBreakdownSchema,
      options: {
        type: 'object',
        additionalProperties: false,
        description: 'Options.',
        properties: {
          annualize: flag('Report mwr_annualized for periods longer than a year.', true),
        },
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'base_currency', 'scope', 'summary', 'conventions'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency.'),
        scope: scopeEcho,
        data_warnings: DataWarnings,
        summary: {
          type: 'object',
          description: 'One entry per requested period, keyed by its name.',
          additionalProperties: mwrEntry,
        },
        conventions: mwrConventionsSchema,
      },
    },
    404: problemResponse('The portfolio is not known (NOT_FOUND).'),
    422: problemResponse('A bad period, as_of_date or reporting_currency (VALIDATION_FAILED).'),
  },
} as const;
