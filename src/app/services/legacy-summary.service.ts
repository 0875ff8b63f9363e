import { type PeriodRequest, resolvePeriod } from '../../domain/analytics/periods.ts';
import { addDays } from '../../domain/dates.ts';
import { allocationOf, UNCLASSIFIED } from '../../domain/valuation/allocation.ts';
import { holdingsTotals, incompleteReasonsOf } from '../../domain/valuation/holdings-totals.ts';
import type { AllocationDimension } from '../../domain/valuation/types.ts';
import type { Sql } from '../../store/db.ts';
import { realizedBetween, summaryFlowsOf } from '../../store/queries/legacy-summary.queries.ts';
import { type DayPositionRow, findDayPositions } from '../../store/queries/series.queries.ts';
import { portfolioAsOf } from './portfolio-request.ts';
import { allocationItemsOf } from './series.service.ts';
import { seriesDayOf } from './series-day.ts';

/** The original's dimension names, its answer keys, and ours. */
const DIMENSIONS = {
  ASSET_CLASS: { key: 'byAssetClass', ours: 'asset_class' },
  CURRENCY: { key: 'byCurrency', ours: 'currency' },
  SECTOR: { key: 'bySector', ours: 'sector' },
  COUNTRY_OF_RISK: { key: 'byCountryOfRisk', ours: 'country_of_risk' },
  MATURITY_BUCKET: { key: 'byMaturityBucket', ours: 'maturity_bucket' },
  RATING: { key: 'byRating', ours: 'rating' },
} as const satisfies Record<string, { key: string; ours: AllocationDimension }>;
type Dimension = keyof typeof DIMENSIONS;
type Section = 'WEALTH' | 'ALLOCATION' | 'PNL' | 'INCOME' | 'ACTIVITY';

/**
 * The original's request (seed-system.md §12.6), as far as this reads it; the route's body schema validates it
 * and the route checks, at compile time, that the body it declares fits here.
 */
export interface LegacySummaryRequest {
  as_of_date?: string | undefined;
  period: PeriodRequest & { from_date?: string | undefined; to_date?: string | undefined };
  sections: readonly Section[];
  allocation_dimensions?: readonly Dimension[] | undefined;
}

/** The positions held at the close of the latest series day on or before `date`, and what is missing. */
async function holdingsOn(db: Sql, portfolioId: string, date: string) {
  const { day, dayReason } = await seriesDayOf(db, portfolioId, date);
  if (day === null) return { positions: [] as DayPositionRow[], reasons: [] as string[], built: false };
  const positions = await findDayPositions(db, portfolioId, day);
  return { positions, reasons: incompleteReasonsOf(dayReason, positions), built: true };
}

/** Σ unrealized P&L (base) of the positions, or null when one is not valued. */
const unrealizedOf = (positions: readonly DayPositionRow[]): number | null =>
  positions.some((p) => p.unrealized_gain_loss === null)
    ? null
    : positions.reduce((s, p) => s + (p.unrealized_gain_loss ?? 0), 0);

type Holdings = Awaited<ReturnType<typeof holdingsOn>>;
type Period = { start_date: string; end_date: string };

/** The WEALTH section: totals only when every position held is valued. */
function wealthOf(held: Holdings) {
  const t = holdingsTotals(held.positions);
  const whole = held.built && t.unvalued.length === 0;
  return { total_market_value: whole ? t.market_value : null, total_cash: whole ? t.cash : null };
}

/** The ALLOCATION section: the original's groups per dimension, sorted by name, a missing one "Unclassified". */
function allocationByDimension(held: Holdings, dimensions: readonly Dimension[] | undefined, asOf: string) {
  const asked: Dimension[] = [...new Set(dimensions ?? ['ASSET_CLASS' as const])];
  const allocation = allocationOf(
    allocationItemsOf(held.positions),
    asked.map((d) => DIMENSIONS[d].ours),
    asOf,
  );
  return Object.fromEntries(
    asked.map((d, i) => [
      DIMENSIONS[d].key,
      (allocation.dimensions[i]?.groups ?? [])
        .map((g) => ({
          group: g.key === UNCLASSIFIED ? 'Unclassified' : g.key,
          market_value: g.market_value,
          weight: g.weight,
        }))
        .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)),
    ]),
  );
}

/** The period's cashflows (base) by bucket: CASHFLOW_IN, DIVIDEND, EXPENSE, …; 0 for a bucket without any. */
async function flowsOf(db: Sql, portfolioId: string, period: Period) {
  const rows = await summaryFlowsOf(db, portfolioId, period.start_date, period.end_date);
  const flows = new Map(rows.map((r) => [r.bucket, Number(r.amount_base)]));
  return (bucket: string) => flows.get(bucket) ?? 0;
}
type Flows = Awaited<ReturnType<typeof flowsOf>>;

/** The PNL section, and the holdings it read (their reasons make the answer incomplete). */
async function pnlOf(db: Sql, portfolioId: string, period: Period, of: Flows) {
  const realized = Number(await realizedBetween(db, portfolioId, period.start_date, period.end_date));
  const [end, before] = await Promise.all([
    holdingsOn(db, portfolioId, period.end_date),
    holdingsOn(db, portfolioId, addDays(period.start_date, -1)),
  ]);
  const endU = end.built ? unrealizedOf(end.positions) : null;
  // Before the first day of the series nothing was held: the unrealized P&L was 0.
  const beforeU = unrealizedOf(before.positions);
  const change = endU === null || beforeU === null ? null : endU - beforeU;
  const summary = {
    net_new_money: of('CASHFLOW_IN') + of('CASHFLOW_OUT') + of('TRANSFER_IN') + of('TRANSFER_OUT'),
    realized_pnl: realized,
    unrealized_pnl_change: change,
    total_pnl: change === null ? null : realized + change,
  };
  return { summary, end, before };
}

const incomeOf = (of: Flows) => ({ total_dividends: of('DIVIDEND'), total_interest: of('INTEREST') });

const activityOf = (of: Flows) => ({
  total_deposits: of('CASHFLOW_IN'),
  total_withdrawals: of('CASHFLOW_OUT'),
  total_transfers_in: of('TRANSFER_IN'),
  total_transfers_out: of('TRANSFER_OUT'),
  total_fees: of('EXPENSE'),
});

/**
 * The original's legacy summary (seed-system.md §12.6) from our derived state. Differences, each a fix of the
 * original: positions are those held (quantity ≠ 0, so an overdrawn cash account counts), unvalued positions
 * make a figure null with a reason instead of 0, and every cashflow counts whatever its key's epoch. Only the
 * sections asked for are keys of the answer; its type is inferred and the route checks it against its schema.
 */
export async function legacySummary(db: Sql, portfolioId: string, body: LegacySummaryRequest) {
  const { terms, asOf } = await portfolioAsOf(db, portfolioId, body.as_of_date, 'as_of_date');
  const { from_date, to_date, ...rest } = body.period;
  const request: PeriodRequest = {
    ...rest,
    ...(from_date === undefined ? {} : { from: from_date }),
    ...(to_date === undefined ? {} : { to: to_date }),
  };
  const period = resolvePeriod(request, { asOf, inception: terms.open_date }, 'period');
  const asked = new Set(body.sections);

  const held =
    asked.has('WEALTH') || asked.has('ALLOCATION') ? await holdingsOn(db, portfolioId, asOf) : null;
  const flows =
    asked.has('PNL') || asked.has('INCOME') || asked.has('ACTIVITY')
      ? await flowsOf(db, portfolioId, period)
      : null;
  const pnl = flows && asked.has('PNL') ? await pnlOf(db, portfolioId, period, flows) : null;

  const reasons = new Set<string>();
  // A day before the series began held nothing: only the as-of day and the period's end need a series row.
  for (const [holdings, needsSeries] of [
    [held, true],
    [pnl?.end, true],
    [pnl?.before, false],
  ] as const) {
    if (!holdings) continue;
    if (needsSeries && !holdings.built) reasons.add('NO_SERIES');
    for (const r of holdings.reasons) reasons.add(r);
  }
  return {
    scope: {
      portfolio_id: portfolioId,
      as_of_date: asOf,
      period_start_date: period.start_date,
      period_end_date: period.end_date,
    },
    complete: reasons.size === 0,
    incomplete_reasons: [...reasons].sort(),
    ...(held && asked.has('WEALTH') ? { wealth: wealthOf(held) } : {}),
    ...(held && asked.has('ALLOCATION')
      ? { allocation: allocationByDimension(held, body.allocation_dimensions, asOf) }
      : {}),
    ...(pnl ? { pnlSummary: pnl.summary } : {}),
    ...(flows && asked.has('INCOME') ? { incomeSummary: incomeOf(flows) } : {}),
    ...(flows && asked.has('ACTIVITY') ? { activitySummary: activityOf(flows) } : {}),
  };
}
