import { type Dec, toNumeric, ZERO } from '../../money.ts';
import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import { type BookedFigures, bookedFiguresOf } from './booked.ts';
import type {
  BookedTransaction,
  PnlInput,
  PortfolioPoint,
  PositionValuation,
  ValuationPoint,
} from './types.ts';

/**
 * The P&L of a period, decomposed so that it adds up (docs/analytics/pnl.md):
 *
 *   end_value = start_value + net_flows + total_pnl
 *   total_pnl = realized + unrealized_change + income − fees − taxes + other + internal_flow_imbalance + residual
 *   total_pnl = price_effect + currency_effect
 *
 * Booked figures (flows, realized, income, fees, taxes, other, imbalance) are exact decimals summed from what the
 * position engine booked; valuations (values, unrealized change, total, currency effect, residual) are float64
 * from the daily series. The residual is what the two views disagree by: the series' cost basis against the
 * booked costs, and the portfolio's value against the sum of its positions' — float rounding, nothing more.
 */

/** The exact, booked part of a decomposition. */
export interface BookedTotals {
  net_flows: Dec;
  realized_gain_loss: Dec;
  realized_gain_loss_price: Dec;
  realized_gain_loss_fx: Dec;
  income: Dec;
  fees: Dec;
  taxes: Dec;
  other_gain_loss: Dec;
  trade_fees: Dec;
}

/** The float part; a figure is null with the reason when the series cannot give it. */
export interface ValuedTotals {
  start_value: Figure;
  end_value: Figure;
  total_pnl: Figure;
  unrealized_gain_loss_change: Figure;
  currency_effect: Figure;
  price_effect: Figure;
  residual: Figure;
}

export interface PositionPnl {
  security_id: string;
  booked: BookedTotals;
  valued: ValuedTotals;
}

export interface PortfolioPnl {
  booked: BookedTotals & { contributions: Dec; withdrawals: Dec; internal_flow_imbalance: Dec };
  valued: ValuedTotals;
  by_position: PositionPnl[];
}

const emptyBooked = (): BookedTotals => ({
  net_flows: ZERO,
  realized_gain_loss: ZERO,
  realized_gain_loss_price: ZERO,
  realized_gain_loss_fx: ZERO,
  income: ZERO,
  fees: ZERO,
  taxes: ZERO,
  other_gain_loss: ZERO,
  trade_fees: ZERO,
});

/** Adds one transaction's figures to a position's totals; `net_flows` of a position is its `flow`. */
function addTo(totals: BookedTotals, f: BookedFigures): void {
  totals.net_flows = totals.net_flows.plus(f.flow);
  totals.realized_gain_loss = totals.realized_gain_loss.plus(f.realized);
  totals.realized_gain_loss_price = totals.realized_gain_loss_price.plus(f.realizedPrice);
  totals.realized_gain_loss_fx = totals.realized_gain_loss_fx.plus(f.realizedFx);
  totals.income = totals.income.plus(f.income);
  totals.fees = totals.fees.plus(f.fee);
  totals.taxes = totals.taxes.plus(f.tax);
  totals.other_gain_loss = totals.other_gain_loss.plus(f.other);
  totals.trade_fees = totals.trade_fees.plus(f.tradeFee);
}

/** Booked P&L terms other than flows, as a float: realized + income − fees − taxes + other. */
const bookedPnl = (b: BookedTotals): number =>
  Number(b.realized_gain_loss.plus(b.income).minus(b.fees).minus(b.taxes).plus(b.other_gain_loss));

/** A position's EOD value on a date: no row = nothing held = 0; a row without a value = unknown. */
function pointValue(
  point: ValuationPoint | null,
  date: string,
  what: 'market_value' | 'unrealized_gain_loss',
) {
  if (point === null) return figureOf(0);
  const v = point[what];
  return v === null
    ? undefinedBecause(`not valued at the end of ${date}: ${point.incomplete_reason ?? 'no market value'}`)
    : figureOf(v);
}

const minus = (a: Figure, b: Figure): Figure =>
  a.value === null ? a : b.value === null ? b : figureOf(a.value - b.value);

function currencyEffectOf(v: PositionValuation | undefined): Figure {
  if (v === undefined) return figureOf(0);
  return v.currency_effect_unknown_days > 0
    ? undefinedBecause(
        `${v.security_id}: a market value, local value or FX rate is missing on ${v.currency_effect_unknown_days} day(s)`,
      )
    : figureOf(v.currency_effect);
}

/** The position's decomposition: total = end − start − flows into it; residual = total − Σ terms. */
/**
 * The valued side from the two end values, the change in unrealized P&L and the currency effect:
 * total = end − start − net flows; price effect = total − currency effect; residual = total − unrealized
 * change − what the booked amounts explain.
 */
function valuedTotals(
  v: { start: Figure; end: Figure; unrealized: Figure; currency: Figure },
  netFlows: Dec,
  explained: Figure,
): ValuedTotals {
  const total = minus(minus(v.end, v.start), figureOf(Number(netFlows)));
  return {
    start_value: v.start,
    end_value: v.end,
    total_pnl: total,
    unrealized_gain_loss_change: v.unrealized,
    currency_effect: v.currency,
    price_effect: minus(total, v.currency),
    residual: minus(minus(total, v.unrealized), explained),
  };
}

function positionPnl(
  securityId: string,
  valuation: PositionValuation | undefined,
  booked: BookedTotals,
  dates: { before: string; end: string },
): PositionPnl {
  const start = pointValue(valuation?.start ?? null, dates.before, 'market_value');
  const end = pointValue(valuation?.end ?? null, dates.end, 'market_value');
  const unrealized = minus(
    pointValue(valuation?.end ?? null, dates.end, 'unrealized_gain_loss'),
    pointValue(valuation?.start ?? null, dates.before, 'unrealized_gain_loss'),
  );
  return {
    security_id: securityId,
    booked,
    valued: valuedTotals(
      { start, end, unrealized, currency: currencyEffectOf(valuation) },
      booked.net_flows,
      figureOf(bookedPnl(booked)),
    ),
  };
}

function portfolioPoint(point: PortfolioPoint, date: string): Figure {
  return point.market_value === null
    ? undefinedBecause(
        `the portfolio is not fully valued at the end of ${date}: ${point.reason ?? 'no series'}`,
      )
    : figureOf(point.market_value);
}

/** Σ of figures; the first null (with its reason) makes the sum null. */
function sumFigures(figures: readonly Figure[]): Figure {
  let total = 0;
  for (const f of figures) {
    if (f.value === null) return f;
    total += f.value;
  }
  return figureOf(total);
}

/**
 * The decomposition of a portfolio's P&L over a period and of each position's. `dates.before` is the day
 * before the period (its EOD is the start value), `dates.end` the period's last day.
 */
export function decomposePnl(input: PnlInput, dates: { before: string; end: string }): PortfolioPnl {
  const byPosition = new Map<string, BookedTotals>();
  const portfolio = {
    ...emptyBooked(),
    contributions: ZERO,
    withdrawals: ZERO,
    internal_flow_imbalance: ZERO,
  };
  let flowsIntoPositions = ZERO;
  for (const t of sortedTransactions(input.transactions)) {
    const f = bookedFiguresOf(t);
    let totals = byPosition.get(t.security_id);
    if (totals === undefined) {
      totals = emptyBooked();
      byPosition.set(t.security_id, totals);
    }
    addTo(totals, f);
    addTo(portfolio, f);
    flowsIntoPositions = flowsIntoPositions.plus(f.flow);
    if (f.external.gt(0)) portfolio.contributions = portfolio.contributions.plus(f.external);
    else portfolio.withdrawals = portfolio.withdrawals.minus(f.external);
  }
  // At the portfolio, only external money is a flow; what moved between positions and does not net to 0 (a
  // cash leg booked for another amount than its trade, a trade without its cash leg) is P&L of its own.
  portfolio.net_flows = portfolio.contributions.minus(portfolio.withdrawals);
  portfolio.internal_flow_imbalance = flowsIntoPositions.minus(portfolio.net_flows);

  const valuations = new Map(input.positions.map((v) => [v.security_id, v]));
  const ids = [...new Set([...byPosition.keys(), ...valuations.keys()])].sort();
  const positions = ids.map((id) =>
    positionPnl(id, valuations.get(id), byPosition.get(id) ?? emptyBooked(), dates),
  );

  const start = portfolioPoint(input.start, dates.before);
  const end = portfolioPoint(input.end, dates.end);
  const unrealized = sumFigures(positions.map((p) => p.valued.unrealized_gain_loss_change));
  const currency = sumFigures(positions.map((p) => p.valued.currency_effect));
  const explained = figureOf(bookedPnl(portfolio) + Number(portfolio.internal_flow_imbalance));
  return {
    booked: portfolio,
    valued: valuedTotals({ start, end, unrealized, currency }, portfolio.net_flows, explained),
    by_position: positions,
  };
}

/** Sums of exact decimals do not depend on order, but a stable order keeps the code obviously deterministic. */
const sortedTransactions = (ts: readonly BookedTransaction[]) =>
  [...ts].sort((a, b) =>
    a.transaction_id < b.transaction_id ? -1 : a.transaction_id > b.transaction_id ? 1 : 0,
  );

/** Booked totals as the API's exact decimal strings. */
export function bookedStrings<T extends { [K in keyof T]: Dec }>(totals: T): { [K in keyof T]: string } {
  const out = {} as { [K in keyof T]: string };
  for (const key of Object.keys(totals) as (keyof T)[]) out[key] = toNumeric(totals[key] as Dec);
  return out;
}
