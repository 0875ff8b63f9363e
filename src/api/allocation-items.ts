import type { AllocationItem } from '../domain/valuation/types.ts';
import type { DayPositionRow } from '../store/queries/series.queries.ts';

/** The positions of a day as the allocation weighs them: base market value and instrument attributes. */
export const allocationItemsOf = (positions: readonly DayPositionRow[]): AllocationItem[] =>
  positions.map((p) => ({
    security_id: p.security_id,
    market_value: p.eod_market_value,
    attributes: {
      asset_class: p.asset_class,
      sector: p.sector,
      currency: p.currency,
      country_of_risk: p.country_of_risk,
      rating: p.rating,
      product_type: p.product_type,
      maturity_date: p.maturity_date,
    },
  }));
