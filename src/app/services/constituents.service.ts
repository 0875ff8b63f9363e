import type { DayCount } from '../../domain/analytics/bonds/day-count.ts';
import { holdingBondFigures } from '../../domain/analytics/bonds/holding-figures.ts';
import { splitFigures } from '../../domain/analytics/figure.ts';
import { notFound } from '../../domain/errors.ts';
import type { CouponFrequency } from '../../domain/records/types.ts';
import { incompleteReasonsOf } from '../../domain/valuation/holdings-totals.ts';
import type { Sql } from '../../store/db.ts';
import { type ConstituentRow, findConstituents } from '../../store/queries/constituents.queries.ts';
import { baseCurrencyOf, latestBusinessDateOf } from '../../store/queries/series.queries.ts';
import { seriesDayOf } from './series-day.ts';

const isBond = (c: ConstituentRow) =>
  c.asset_class?.trim().toLowerCase() === 'fixed income' || c.product_type?.trim().toLowerCase() === 'bond';

/** A bond's figures at the date from its instrument's terms and its price (per 100 of face), with reasons. */
function fixedIncomeOf(c: ConstituentRow, date: string) {
  const figures = holdingBondFigures(
    {
      maturity_date: c.maturity_date,
      issue_date: c.issue_date,
      coupon_rate: c.coupon_rate,
      coupon_frequency: c.coupon_frequency as CouponFrequency | null,
      day_count: c.day_count as DayCount | null,
    },
    date,
    c.market_price,
  );
  const { values, null_reasons } = splitFigures(figures);
  return { ...values, null_reasons };
}

/**
 * Seed 004's constituents: the positions held at the close of the as-of date, weighed, bonds analysed. The
 * answer's type is inferred; the route checks it against its response schema.
 */
export async function constituentsOf(db: Sql, portfolioId: string, asOf: string | undefined) {
  const base_currency = await baseCurrencyOf(db, portfolioId);
  if (base_currency === null) throw notFound(`portfolio ${portfolioId} not found`);
  const date = asOf ?? (await latestBusinessDateOf(db));
  const { day, dayReason } =
    date === null ? { day: null, dayReason: null } : await seriesDayOf(db, portfolioId, date);
  const rows = day === null ? [] : await findConstituents(db, portfolioId, day);
  const total = rows.reduce((s, r) => s + (r.eod_market_value ?? 0), 0);
  const reasons =
    day === null ? [date === null ? 'NO_BUSINESS_DATE' : 'NO_SERIES'] : incompleteReasonsOf(dayReason, rows);
  return {
    portfolio_id: portfolioId,
    base_currency,
    as_of_date: day,
    complete: reasons.length === 0,
    incomplete_reasons: reasons,
    total_market_value: total,
    constituents: rows.map((r) => ({
      security_id: r.security_id,
      name: r.name,
      asset_class: r.asset_class,
      product_type: r.product_type,
      sector: r.sector,
      currency: r.currency,
      quantity: r.quantity,
      market_price: r.market_price,
      price_date: r.price_date,
      valuation_status: r.valuation_status,
      market_value_local: r.eod_market_value_local,
      market_value: r.eod_market_value,
      // A weight of a non-positive total means nothing (as the allocation answers).
      weight: r.eod_market_value === null || !(total > 0) ? null : r.eod_market_value / total,
      cost_basis: r.cost_basis,
      unrealized_gain_loss: r.unrealized_gain_loss,
      fixed_income: isBond(r) && day !== null ? fixedIncomeOf(r, day) : null,
    })),
  };
}
