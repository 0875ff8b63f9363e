import { allocationItemsOf } from '../../app/services/series.service.ts';
import { type PeriodRequest, resolvePeriod } from '../../domain/analytics/periods.ts';
import { addDays } from '../../domain/dates.ts';
import { notFound, validationFailed } from '../../domain/errors.ts';
import { allocationOf, UNCLASSIFIED } from '../../domain/valuation/allocation.ts';
import { holdingsTotals, incompleteReasonsOf } from '../../domain/valuation/holdings-totals.ts';
import type { AllocationDimension } from '../../domain/valuation/types.ts';
import type { Sql } from '../../store/db.ts';
import { realizedBetween, summaryFlowsOf } from '../../store/queries/legacy-summary.queries.ts';
import { portfolioTermsOf } from '../../store/queries/pnl.queries.ts';
import {
  type DayPositionRow,
  findDayPositions,
  latestBusinessDateOf,
} from '../../store/queries/series.queries.ts';
import type {
  LegacySummaryBody,
  LegacySummaryResponse,
  SUMMARY_DIMENSIONS,
} from '../schemas/legacy-summary.schemas.ts';
import { seriesDayOf } from './series-day.ts';

type Dimension = (typeof SUMMARY_DIMENSIONS)[number];

/** The original's dimension names, its answer keys, and ours. */
const DIMENSIONS: Record<Dimension, { key: string; ours: AllocationDimension }> = {
  ASSET_CLASS: { key: 'byAssetClass', ours: 'asset_class' },
  CURRENCY: { key: 'byCurrency', ours: 'currency' },
  SECTOR: { key: 'bySector', ours: 'sector' },
  COUNTRY_OF_RISK: { key: 'byCountryOfRisk', ours: 'country_of_risk' },
  MATURITY_BUCKET: { key: 'byMaturityBucket', ours: 'maturity_bucket' },
  RATING: { key: 'byRating', ours: 'rating' },
};

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

/**
 * The original's legacy summary (seed-system.md §12.6) from our derived state. Differences, each a fix of the
 * original: positions are those held (quantity ≠ 0, so an overdrawn cash account counts), unvalued positions
 * make a figure null with a reason instead of 0, and every cashflow counts whatever its key's epoch.
 */
export async function legacySummary(
  db: Sql,
  portfolioId: string,
  body: LegacySummaryBody,
): Promise<LegacySummaryResponse> {
  const terms = await portfolioTermsOf(db, portfolioId);
  if (terms === undefined) throw notFound(`portfolio ${portfolioId} not found`);
  const asOf = body.as_of_date ?? (await latestBusinessDateOf(db));
  if (asOf === null) {
    throw validationFailed('invalid request body', [
      { index: 0, field: 'as_of_date', message: 'no business date is known yet: give as_of_date' },
    ]);
  }
  const { from_date, to_date, ...rest } = body.period;
  const request: PeriodRequest = {
    ...rest,
    ...(from_date === undefined ? {} : { from: from_date }),
    ...(to_date === undefined ? {} : { to: to_date }),
  };
  const period = resolvePeriod(request, { asOf, inception: terms.open_date }, 'period');
  const sections = new Set(body.sections);
  const answer: LegacySummaryResponse = {
    scope: {
      portfolio_id: portfolioId,
      as_of_date: asOf,
      period_start_date: period.start_date,
      period_end_date: period.end_date,
    },
    complete: true,
    incomplete_reasons: [],
  };
  const reasons = new Set<string>();

  if (sections.has('WEALTH') || sections.has('ALLOCATION')) {
    const held = await holdingsOn(db, portfolioId, asOf);
    if (!held.built) reasons.add('NO_SERIES');
    for (const r of held.reasons) reasons.add(r);
    if (sections.has('WEALTH')) {
      const t = holdingsTotals(held.positions);
      const whole = held.built && t.unvalued.length === 0;
      answer.wealth = {
        total_market_value: whole ? t.market_value : null,
        total_cash: whole ? t.cash : null,
      };
    }
    if (sections.has('ALLOCATION')) {
      const asked: Dimension[] = [...new Set(body.allocation_dimensions ?? ['ASSET_CLASS' as const])];
      const items = allocationItemsOf(held.positions);
      const allocation = allocationOf(
        items,
        asked.map((d) => DIMENSIONS[d].ours),
        asOf,
      );
      // The original's groups: sorted by name, a missing attribute named "Unclassified".
      answer.allocation = Object.fromEntries(
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
  }

  if (sections.has('PNL') || sections.has('INCOME') || sections.has('ACTIVITY')) {
    const flows = new Map(
      (await summaryFlowsOf(db, portfolioId, period.start_date, period.end_date)).map((r) => [
        r.bucket,
        Number(r.amount_base),
      ]),
    );
    const of = (bucket: string) => flows.get(bucket) ?? 0;
    if (sections.has('ACTIVITY')) {
      answer.activitySummary = {
        total_deposits: of('CASHFLOW_IN'),
        total_withdrawals: of('CASHFLOW_OUT'),
        total_transfers_in: of('TRANSFER_IN'),
        total_transfers_out: of('TRANSFER_OUT'),
        total_fees: of('EXPENSE'),
      };
    }
    if (sections.has('INCOME')) {
      answer.incomeSummary = { total_dividends: of('DIVIDEND'), total_interest: of('INTEREST') };
    }
    if (sections.has('PNL')) {
      const realized = Number(await realizedBetween(db, portfolioId, period.start_date, period.end_date));
      const [end, before] = await Promise.all([
        holdingsOn(db, portfolioId, period.end_date),
        holdingsOn(db, portfolioId, addDays(period.start_date, -1)),
      ]);
      if (!end.built) reasons.add('NO_SERIES');
      for (const r of [...end.reasons, ...before.reasons]) reasons.add(r);
      const endU = end.built ? unrealizedOf(end.positions) : null;
      // Before the first day of the series nothing was held: the unrealized P&L was 0.
      const beforeU = unrealizedOf(before.positions);
      const change = endU === null || beforeU === null ? null : endU - beforeU;
      answer.pnlSummary = {
        net_new_money: of('CASHFLOW_IN') + of('CASHFLOW_OUT') + of('TRANSFER_IN') + of('TRANSFER_OUT'),
        realized_pnl: realized,
        unrealized_pnl_change: change,
        total_pnl: change === null ? null : realized + change,
      };
    }
  }
  answer.incomplete_reasons = [...reasons].sort();
  answer.complete = reasons.size === 0;
  return answer;
}
