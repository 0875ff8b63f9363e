import { REASON_SEPARATOR } from './day-totals.ts';

/**
 * A portfolio's valuation totals on one date from its position rows (base currency, float64). Market value,
 * cost basis and unrealized P&L are summed over the SAME set, the valued positions, so that
 * market_value − cost_basis = unrealized_gain_loss holds on the totals; each unvalued position is listed
 * with its reason instead, never counted as 0 and never half-counted (its cost without its value).
 */

export interface HeldPositionRow {
  security_id: string;
  /** Base. */
  cost_basis: number;
  /** Base; null = not valued in base. */
  eod_market_value: number | null;
  eod_market_value_local: number | null;
  is_cash: boolean;
  currency: string | null;
  incomplete_reason: string | null;
}

export interface UnvaluedPosition {
  security_id: string;
  cost_basis: number;
  reason: string;
}

export interface HoldingsTotals {
  market_value: number;
  cost_basis: number;
  unrealized_gain_loss: number;
  cash: number;
  by_currency: { currency: string; market_value: number; market_value_local: number }[];
  unvalued: UnvaluedPosition[];
}

/** The reason of a position without a base value, when its row names none (a row written before reasons). */
const UNVALUED = 'UNVALUED';

export function holdingsTotals(positions: readonly HeldPositionRow[]): HoldingsTotals {
  let market_value = 0;
  let cost_basis = 0;
  let cash = 0;
  const unvalued: UnvaluedPosition[] = [];
  const byCurrency = new Map<string, { market_value: number; market_value_local: number }>();
  for (const p of positions) {
    if (p.eod_market_value === null) {
      unvalued.push({
        security_id: p.security_id,
        cost_basis: p.cost_basis,
        reason: p.incomplete_reason ?? UNVALUED,
      });
      continue;
    }
    market_value += p.eod_market_value;
    cost_basis += p.cost_basis;
    if (p.is_cash) cash += p.eod_market_value;
    const currency = p.currency ?? 'UNKNOWN';
    const c = byCurrency.get(currency) ?? { market_value: 0, market_value_local: 0 };
    c.market_value += p.eod_market_value;
    c.market_value_local += p.eod_market_value_local ?? 0;
    byCurrency.set(currency, c);
  }
  return {
    market_value,
    cost_basis,
    unrealized_gain_loss: market_value - cost_basis,
    cash,
    by_currency: [...byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, v]) => ({ currency, ...v })),
    unvalued,
  };
}

/**
 * Why a day's valuation is incomplete, each problem once in one format, '<REASON> <security_id>' (the
 * portfolio series' format: 'MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X'): the day's
 * reasons and those of its position rows (which do not name their security), sorted.
 */
export function incompleteReasonsOf(
  dayReason: string | null,
  positions: readonly Pick<HeldPositionRow, 'security_id' | 'incomplete_reason' | 'eod_market_value'>[],
): string[] {
  const reasons = new Set<string>();
  for (const r of dayReason?.split(REASON_SEPARATOR) ?? []) if (r !== '') reasons.add(r);
  for (const p of positions) {
    const reason = p.incomplete_reason ?? (p.eod_market_value === null ? UNVALUED : null);
    if (reason !== null) reasons.add(`${reason} ${p.security_id}`);
  }
  return [...reasons].sort();
}
