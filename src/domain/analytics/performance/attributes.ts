import { addDays } from '../../dates.ts';
import type { Figure } from '../figure.ts';
import { closeOf, type PortfolioSeries, type SeriesWindow } from './series.ts';

/**
 * The legacy `attributes` of a period or bucket (seed-system §12.2), base currency: the values at its two
 * closes and the sums of its flows, fees and income.
 */
export interface WindowAttributes {
  /** The close of the day before start (0 before the series starts). */
  begin_market_value: Figure;
  /** The close of end. */
  end_market_value: Figure;
  /** bod_cashflow + eod_cashflow: external flows, + in, − out; FEEs booked on cash are among them. */
  total_cashflow: number;
  bod_cashflow: number;
  eod_cashflow: number;
  /** FEE transactions, a positive amount (the original's were every negative flow, §14.8). */
  fees: number;
  income: number;
}

export function attributesOf(series: PortfolioSeries, window: SeriesWindow): WindowAttributes {
  let bod = 0;
  let eod = 0;
  let fees = 0;
  let income = 0;
  for (const r of window.rows) {
    bod += r.bod_cashflow;
    eod += r.eod_cashflow;
    fees += r.fees;
    income += r.income;
  }
  return {
    begin_market_value: closeOf(series, addDays(window.start_date, -1)),
    end_market_value: closeOf(series, window.end_date),
    total_cashflow: bod + eod,
    bod_cashflow: bod,
    eod_cashflow: eod,
    fees,
    income,
  };
}
