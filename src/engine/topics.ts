/** Topic names. Raw topics carry ingested records; change topics say what changed (a key and a date). */
export const TOPICS = {
  rawPortfolios: 'raw_portfolios',
  rawInstruments: 'raw_instruments',
  rawTransactions: 'raw_transactions',
  rawMarketPrices: 'raw_market_prices',
  rawFxRates: 'raw_fx_rates',
  rawBusinessDates: 'raw_business_dates',
  rawBenchmarks: 'raw_benchmarks',
  rawBenchmarkLevels: 'raw_benchmark_levels',
  rawBenchmarkReturns: 'raw_benchmark_returns',
  rawBenchmarkCompositions: 'raw_benchmark_compositions',
  reprocessRequests: 'reprocess_requests',
  portfoliosChanged: 'portfolios_changed',
  instrumentsChanged: 'instruments_changed',
  transactionsChanged: 'transactions_changed',
  pricesChanged: 'prices_changed',
  fxChanged: 'fx_changed',
  businessDatesChanged: 'business_dates_changed',
  positionsChanged: 'positions_changed',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Change events (design §4): a stage re-reads the facts it needs; nothing derived travels in a message. */
export interface TransactionsChanged {
  portfolio_id: string;
  security_id: string;
  /** Earliest transaction date touched, old or new version ('YYYY-MM-DD'). */
  from_date: string;
  /** 'reprocess' when a client asked to rebuild the key (POST /reprocess/transactions). */
  reason?: 'ingest' | 'reprocess';
}
export interface PricesChanged {
  security_id: string;
  from_date: string;
  /** The latest price date of the coalesced changes (absent: unknown, every later day may have changed). */
  to_date?: string;
}
export interface FxChanged {
  from_currency: string;
  to_currency: string;
  from_date: string;
}
export interface PortfoliosChanged {
  portfolio_id: string;
}
export interface InstrumentsChanged {
  security_id: string;
}
export interface BusinessDatesChanged {
  calendar_code: string;
  from_date: string;
}

/**
 * The position stage rebuilt keys of the portfolio from `from_date` on (the earliest date of the keys it
 * replayed); keyed by portfolio_id. headers.epoch is the highest epoch among those keys.
 */
export interface PositionsChanged {
  portfolio_id: string;
  from_date: string;
  /**
   * The securities whose keys were rebuilt (the union over the coalesced changes). The series stage rewrites
   * only their position rows (and the portfolio's totals); an event without it rewrites every position.
   */
  security_ids?: string[];
}
