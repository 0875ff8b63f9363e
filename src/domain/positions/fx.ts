import { type Dec, dec, ONE, QUOTIENT_SCALE } from '../money.ts';
import type { IsoDate } from '../records/types.ts';
import type { FxLookup, TransactionCost } from './types.ts';

/** The rate that converts a transaction's trade-currency amounts into the portfolio's base currency. */
export interface FxRate {
  rate: Dec;
  source: TransactionCost['fx_source'];
  rateDate: IsoDate | null;
}

export type FxResolution = { ok: true; fx: FxRate } | { ok: false; detail: string };

/**
 * The base-conversion rate of a transaction, at its trade date:
 * 1. 1 when it trades in the base currency;
 * 2. else the rate the transaction carries (`transaction_fx_rate`);
 * 3. else the FX facts: the latest rate on or before the trade date, direct or inverse. An inverse rate is a
 *    quotient, so it is held to QUOTIENT_SCALE like every other quotient of the engine.
 * No rate: the key blocks (MISSING_FX) until the fact arrives.
 */
export function resolveFx(
  tradeCurrency: string,
  baseCurrency: string,
  suppliedRate: Dec | null,
  tradeDate: IsoDate,
  lookup: FxLookup,
): FxResolution {
  if (tradeCurrency === baseCurrency)
    return { ok: true, fx: { rate: ONE, source: 'SAME_CURRENCY', rateDate: null } };
  if (suppliedRate !== null)
    return { ok: true, fx: { rate: suppliedRate, source: 'TRANSACTION', rateDate: null } };
  const found = lookup(tradeCurrency, baseCurrency, tradeDate);
  if (found === undefined || !found.rate.gt(0)) {
    return { ok: false, detail: `no ${tradeCurrency}/${baseCurrency} rate on or before ${tradeDate}` };
  }
  return {
    ok: true,
    fx: {
      rate: dec(found.rate).toDecimalPlaces(QUOTIENT_SCALE),
      source: 'FX_FACT',
      rateDate: found.rate_date,
    },
  };
}

export interface RealizedSplit {
  /** realized (base) = proceeds_base − cogs_base. */
  total: Dec;
  /** What the price move earned, at the sell-date rate: realized_local × fx_sell. */
  price: Dec;
  /** What the currency move earned on the cost: cogs_local × fx_sell − cogs_base. */
  fx: Dec;
}

/**
 * Splits a sale's realized P&L in base currency into its price part and its FX part. The base COGS is the
 * historical cost at the buy-date rates, so the FX move is inside the total; the FX part is taken as the
 * remainder, which equals cogs_local × fx_sell − cogs_base and makes the two parts add up to the total exactly.
 */
export function splitRealized(
  proceedsLocal: Dec,
  cogsLocal: Dec,
  cogsBase: Dec,
  fxSell: Dec,
): { local: Dec } & RealizedSplit {
  const local = proceedsLocal.minus(cogsLocal);
  const total = proceedsLocal.times(fxSell).minus(cogsBase);
  const price = local.times(fxSell);
  return { local, total, price, fx: total.minus(price) };
}
