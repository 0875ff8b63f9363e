import { splitFigures } from '../../domain/analytics/figure.ts';
import {
  type PeriodRequest,
  type ResolvedPeriod,
  resolvePeriod,
  resolvePeriods,
} from '../../domain/analytics/periods.ts';
import { bookedStrings, decomposePnl, type ValuedTotals } from '../../domain/analytics/pnl/decomposition.ts';
import {
  DEFAULT_REALIZED_GAINS_OPTIONS,
  isTaxYearStart,
  realizedGainsReport,
} from '../../domain/analytics/pnl/realized-gains.ts';
import { pnlInReportingCurrency } from '../../domain/analytics/pnl/reporting-currency.ts';
import { addDays } from '../../domain/dates.ts';
import { notFound, validationFailed } from '../../domain/errors.ts';
import { convertSeries } from '../../domain/valuation/reporting-currency.ts';
import type { Sql } from '../../store/db.ts';
import { portfolioSeriesOf } from '../../store/queries/analytics-series.queries.ts';
import {
  bookedTransactionsOf,
  instrumentsOf,
  portfolioPointOf,
  portfolioTermsOf,
  positionValuationsOf,
  sellDisposalsOf,
  seriesSpanOf,
} from '../../store/queries/pnl.queries.ts';
import { latestBusinessDateOf } from '../../store/queries/series.queries.ts';
import { type Reporting, reportingOf } from './reporting-currency.ts';

/**
 * Each period's P&L in the reporting currency, from the daily series converted day by day; nothing when the
 * reporting currency is the base one.
 */
async function reportingPnlOf(db: Sql, portfolioId: string, reporting: Reporting, periods: ResolvedPeriod[]) {
  const converter = reporting.converter;
  if (converter === null || periods.length === 0) return null;
  const first = addDays([...periods.map((p) => p.start_date)].sort()[0]!, -1);
  const last = [...periods.map((p) => p.end_date)].sort().at(-1)!;
  const series = await portfolioSeriesOf(db, portfolioId, first, last);
  const converted = convertSeries(
    series.rows,
    converter,
    reporting.base_currency,
    reporting.reporting_currency,
  );
  return periods.map((period) => pnlInReportingCurrency(series.rows, converted, series.span, period));
}

export type PnlBody = {
  as_of_date?: string;
  reporting_currency?: string;
  periods: PeriodRequest[];
  include_positions?: boolean;
};
export type GainsBody = {
  as_of_date?: string;
  period?: PeriodRequest;
  tax_year_start?: string;
  long_term_after_days?: number;
  include_cash?: boolean;
};

const CONVENTIONS = {
  valuation_point: 'END_OF_DAY',
  net_flows: 'EXTERNAL_EXCLUDING_FEES_AND_TAXES',
  fees: 'FEE_TRANSACTIONS',
  currency_effect: 'DAILY_BASE_MINUS_LOCAL_AT_DAY_RATE',
  identity:
    'end_value = start_value + net_flows + total_pnl; total_pnl = realized_gain_loss + ' +
    'unrealized_gain_loss_change + income − fees − taxes + other_gain_loss + internal_flow_imbalance + residual; ' +
    'total_pnl = price_effect + currency_effect',
  booked_amounts: 'EXACT_DECIMAL_STRING',
  valuations: 'FLOAT64',
  residual_tolerance: '|residual| ≤ 1e-6 × the largest of start_value, end_value and the gross flows',
} as const;

/** The portfolio's terms, or 404. */
async function portfolioOf(db: Sql, portfolioId: string) {
  const terms = await portfolioTermsOf(db, portfolioId);
  if (terms === undefined) throw notFound(`portfolio ${portfolioId} not found`);
  return terms;
}

/** The request's as-of date, else the latest business date; a 422 when there is neither. */
async function asOfOf(db: Sql, requested: string | undefined): Promise<string> {
  const asOf = requested ?? (await latestBusinessDateOf(db));
  if (asOf === null) {
    throw validationFailed('invalid request body', [
      { index: 0, field: 'as_of_date', message: 'no business date is known yet: give as_of_date' },
    ]);
  }
  return asOf;
}

const valuedFields = (v: ValuedTotals) => splitFigures<keyof ValuedTotals>(v);

/** One period's decomposition in the response's shape. */
async function periodPnl(db: Sql, portfolioId: string, period: ResolvedPeriod, includePositions: boolean) {
  const before = addDays(period.start_date, -1);
  const span = await seriesSpanOf(db, portfolioId);
  const [start, end, positions, transactions] = await Promise.all([
    portfolioPointOf(db, portfolioId, before, span),
    portfolioPointOf(db, portfolioId, period.end_date, span),
    positionValuationsOf(db, portfolioId, before, period.end_date),
    bookedTransactionsOf(db, portfolioId, period.start_date, period.end_date),
  ]);
  const pnl = decomposePnl({ start, end, positions, transactions }, { before, end: period.end_date });
  const { breakdown: _breakdown, ...resolved } = period;
  const portfolio = valuedFields(pnl.valued);
  const instruments = includePositions
    ? await instrumentsOf(
        db,
        pnl.by_position.map((p) => p.security_id),
      )
    : new Map();
  const byPosition = () =>
    pnl.by_position.map((p) => {
      const v = valuedFields(p.valued);
      const instrument = instruments.get(p.security_id);
      return {
        security_id: p.security_id,
        currency: instrument?.currency ?? null,
        is_cash: instrument?.is_cash ?? false,
        ...bookedStrings(p.booked),
        ...v.values,
        null_reasons: v.null_reasons,
      };
    });
  const complete =
    Object.keys(portfolio.null_reasons).length === 0 &&
    pnl.by_position.every((p) => Object.values(p.valued).every((f) => f.value !== null));
  return {
    ...resolved,
    ...bookedStrings(pnl.booked),
    ...portfolio.values,
    complete,
    null_reasons: portfolio.null_reasons,
    ...(includePositions ? { by_position: byPosition() } : {}),
  };
}

/** A portfolio's P&L decomposition per period (docs/analytics/pnl.md); 404 if unknown. */
export async function pnlOf(db: Sql, portfolio_id: string, body: PnlBody, pivot = 'USD') {
  const terms = await portfolioOf(db, portfolio_id);
  const as_of_date = await asOfOf(db, body.as_of_date);
  const periods = resolvePeriods(body.periods, { asOf: as_of_date, inception: terms.open_date });
  const includePositions = body.include_positions ?? true;
  const reporting = await reportingOf(db, terms.base_currency, body.reporting_currency, pivot);
  const inReporting = await reportingPnlOf(db, portfolio_id, reporting, periods);
  const results = [];
  for (const [i, period] of periods.entries()) {
    const result = await periodPnl(db, portfolio_id, period, includePositions);
    results.push(inReporting === null ? result : { ...result, in_reporting_currency: inReporting[i] });
  }
  return {
    portfolio_id,
    base_currency: terms.base_currency,
    ...(inReporting === null ? {} : { reporting_currency: reporting.reporting_currency }),
    as_of_date,
    conventions: CONVENTIONS,
    periods: results,
  };
}

/** A portfolio's realized gains over one period, short and long term by tax year (docs/analytics/pnl.md). */
export async function realizedGainsOf(db: Sql, portfolio_id: string, body: GainsBody) {
  const terms = await portfolioOf(db, portfolio_id);
  const taxYearStart = body.tax_year_start ?? DEFAULT_REALIZED_GAINS_OPTIONS.taxYearStart;
  if (!isTaxYearStart(taxYearStart)) {
    throw validationFailed('invalid request body', [
      {
        index: 0,
        field: 'tax_year_start',
        message: `must be a day of every year as MM-DD (not 02-29), got ${taxYearStart}`,
      },
    ]);
  }
  const as_of_date = await asOfOf(db, body.as_of_date);
  const period = resolvePeriod(body.period ?? { type: 'SI' }, {
    asOf: as_of_date,
    inception: terms.open_date,
  });
  const options = {
    taxYearStart,
    longTermAfterDays: body.long_term_after_days ?? DEFAULT_REALIZED_GAINS_OPTIONS.longTermAfterDays,
  };
  const includeCash = body.include_cash ?? false;
  const rows = await sellDisposalsOf(db, portfolio_id, period.start_date, period.end_date, includeCash);
  const report = realizedGainsReport(rows, { start: period.start_date, end: period.end_date }, options);
  const { breakdown: _breakdown, ...resolved } = period;
  return {
    portfolio_id,
    base_currency: terms.base_currency,
    as_of_date,
    period: resolved,
    conventions: {
      tax_year_start: taxYearStart,
      long_term_after_days: options.longTermAfterDays,
      proceeds_allocation: 'PRO_RATA_BY_QUANTITY',
      include_cash: includeCash,
      booked_amounts: 'EXACT_DECIMAL_STRING',
    },
    ...report,
  };
}
