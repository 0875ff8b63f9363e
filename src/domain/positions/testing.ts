import type { Decimal } from 'decimal.js';
import { Dec, dec, toNumeric } from '../money.ts';
import type { CostBasisMethod, IsoDate } from '../records/types.ts';
import type {
  EngineTransaction,
  FxLookup,
  InstrumentTerms,
  PortfolioTerms,
  ReplayInput,
  ReplayResult,
} from './types.ts';

/** Builders and readers for the position engine's tests. */

export const PORTFOLIO_ID = 'P1';
export const SECURITY_ID = 'SEC1';

export const portfolio = (method: CostBasisMethod = 'FIFO', base_currency = 'USD'): PortfolioTerms => ({
  portfolio_id: PORTFOLIO_ID,
  base_currency,
  cost_basis_method: method,
});

export const equity = (currency = 'USD'): InstrumentTerms => ({
  security_id: SECURITY_ID,
  currency,
  product_type: 'Equity',
  asset_class: 'Equity',
});

export const cash = (currency = 'USD'): InstrumentTerms => ({
  security_id: SECURITY_ID,
  currency,
  product_type: 'Cash',
  asset_class: null,
});

export const bond = (currency = 'USD'): InstrumentTerms => ({
  security_id: SECURITY_ID,
  currency,
  product_type: 'Bond',
  asset_class: 'Fixed Income',
});

/** A transaction of the test key; `at` is the instant, `ccy` both trade currency and currency. */
export function txn(
  id: string,
  type: EngineTransaction['transaction_type'],
  at: string,
  over: Partial<EngineTransaction> & { ccy?: string } = {},
): EngineTransaction {
  const { ccy = 'USD', ...rest } = over;
  return {
    transaction_id: id,
    portfolio_id: PORTFOLIO_ID,
    instrument_id: SECURITY_ID,
    security_id: SECURITY_ID,
    transaction_date: at.includes('T') ? at : `${at}T10:00:00.000Z`,
    transaction_type: type,
    quantity: '0',
    price: '0',
    gross_transaction_amount: '0',
    trade_currency: ccy,
    currency: ccy,
    trade_fee: '0',
    settlement_date: null,
    transaction_fx_rate: null,
    accrued_interest: null,
    split_ratio: null,
    economic_event_id: null,
    linked_transaction_group_id: null,
    calculation_policy_id: null,
    calculation_policy_version: null,
    source_system: null,
    ...rest,
  };
}

/** A trade: quantity × price = gross. */
export function trade(
  id: string,
  type: 'BUY' | 'SELL' | 'TRANSFER_IN' | 'TRANSFER_OUT',
  at: string,
  quantity: string,
  price: string,
  fee = '0',
  over: Partial<EngineTransaction> & { ccy?: string } = {},
): EngineTransaction {
  return txn(id, type, at, {
    quantity,
    price,
    gross_transaction_amount: toNumeric(dec(quantity).times(price)),
    trade_fee: fee,
    ...over,
  });
}

/** An amount-only transaction (cash, income, expenses): gross and fee. */
export const amount = (
  id: string,
  type: EngineTransaction['transaction_type'],
  at: string,
  gross: string,
  fee = '0',
  over: Partial<EngineTransaction> & { ccy?: string } = {},
): EngineTransaction => txn(id, type, at, { gross_transaction_amount: gross, trade_fee: fee, ...over });

export const split = (id: string, at: string, ratio: string): EngineTransaction =>
  txn(id, 'SPLIT', at, { split_ratio: ratio });

export const noFx: FxLookup = () => undefined;

/** A lookup over fixed quotes `FROM/TO` → [date, rate][] (ascending): the latest on or before the date. */
export function fxTable(quotes: Record<string, [IsoDate, string][]>): FxLookup {
  return (from, to, date) => {
    const found = (quotes[`${from}/${to}`] ?? []).filter(([d]) => d <= date).at(-1);
    return found === undefined ? undefined : { rate: dec(found[1]), rate_date: found[0] };
  };
}

export function replayInput(
  transactions: readonly EngineTransaction[],
  over: Partial<ReplayInput> = {},
): ReplayInput {
  return {
    portfolio_id: PORTFOLIO_ID,
    security_id: SECURITY_ID,
    portfolio: portfolio(),
    instrument: equity(),
    transactions,
    fx: noFx,
    ...over,
  };
}

/** The canonical text of a number, or null: what the store writes, and what the tests compare. */
export const num = (d: Decimal | null | undefined): string | null =>
  d === null || d === undefined ? null : toNumeric(d);

/** The booked figures of one transaction, as text. */
export function costOf(result: ReplayResult, id: string) {
  const c = result.costs.find((x) => x.transaction_id === id);
  if (c === undefined) throw new Error(`no cost for ${id}`);
  return {
    fx: num(c.transaction_fx_rate),
    fx_source: c.fx_source,
    fx_rate_date: c.fx_rate_date,
    gross_cost: num(c.gross_cost),
    net_cost: num(c.net_cost),
    net_cost_local: num(c.net_cost_local),
    realized: num(c.realized_gain_loss),
    realized_local: num(c.realized_gain_loss_local),
    realized_fx: num(c.realized_gain_loss_fx),
    realized_price: num(c.realized_gain_loss_price),
  };
}

/** The position after one transaction, as text. */
export function rowOf(result: ReplayResult, id: string) {
  const r = result.rows.find((x) => x.transaction_id === id);
  if (r === undefined) throw new Error(`no row for ${id}`);
  return {
    quantity: num(r.quantity),
    cost_basis: num(r.cost_basis),
    cost_basis_local: num(r.cost_basis_local),
  };
}

/** The open lots, as text: [source transaction, open quantity, open cost local, open cost base]. */
export const openLots = (result: ReplayResult): [string, string | null, string | null, string | null][] =>
  result.lots
    .filter((l) => l.open_quantity.gt(0))
    .map((l) => [
      l.source_transaction_id,
      num(l.open_quantity),
      num(l.open_cost_local),
      num(l.open_cost_base),
    ]);

/** Every Dec in a value replaced by its canonical text: results compare as plain data. */
export function plain(value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    if (Dec.isDecimal(value)) return toNumeric(value as Dec);
    if (Array.isArray(value)) return value.map(plain);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
