import type { ReprocessRequest } from '../domain/records/types.ts';
import type { LogRecord, OutgoingRecord } from '../log/log.ts';

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
} as const satisfies Record<string, keyof TopicPayloads>;

export type Topic = keyof TopicPayloads;

/**
 * A raw fact as it travels: validated at the API, then JSON (decimals as strings). The persist stage reads it
 * back through its entity's FACT_SPECS, never by field access on this type.
 */
export type RawFact = Record<string, unknown>;

/** The payload of every topic: the one place a topic's value type is stated. */
export interface TopicPayloads {
  raw_portfolios: RawFact;
  raw_instruments: RawFact;
  raw_transactions: RawFact;
  raw_market_prices: RawFact;
  raw_fx_rates: RawFact;
  raw_business_dates: RawFact;
  raw_benchmarks: RawFact;
  raw_benchmark_levels: RawFact;
  raw_benchmark_returns: RawFact;
  raw_benchmark_compositions: RawFact;
  reprocess_requests: ReprocessRequest;
  portfolios_changed: PortfoliosChanged;
  instruments_changed: InstrumentsChanged;
  transactions_changed: TransactionsChanged;
  prices_changed: PricesChanged;
  fx_changed: FxChanged;
  business_dates_changed: BusinessDatesChanged;
  positions_changed: PositionsChanged;
}

/** A record of a known topic: a `switch` on `topic` narrows `value` to that topic's payload. */
export type TopicRecord = { [T in Topic]: LogRecord<TopicPayloads[T]> & { topic: T } }[Topic];

/** A record to emit whose value is its topic's payload. */
export type TopicMessage = { [T in Topic]: OutgoingRecord<TopicPayloads[T]> & { topic: T } }[Topic];

/**
 * A record read from the log, typed by its topic. Only typed producers (TopicMessage, and the change events
 * built by `change`) write the product's topics, so the type is asserted here once instead of in every stage.
 * A record of another topic (tests use their own) matches no case of a switch on TopicRecord['topic'].
 */
export const ofTopic = (record: LogRecord): TopicRecord => record as TopicRecord;

/** Change events (design §4): a stage re-reads the facts it needs; nothing derived travels in a message. */
export type TransactionsChanged = {
  portfolio_id: string;
  security_id: string;
  /** Earliest transaction date touched, old or new version ('YYYY-MM-DD'). */
  from_date: string;
  /** 'reprocess' when a client asked to rebuild the key (POST /reprocess/transactions). */
  reason?: 'ingest' | 'reprocess';
};
export type PricesChanged = {
  security_id: string;
  from_date: string;
  /** The latest price date of the coalesced changes (absent: unknown, every later day may have changed). */
  to_date?: string;
};
export type FxChanged = {
  from_currency: string;
  to_currency: string;
  from_date: string;
};
export type PortfoliosChanged = {
  portfolio_id: string;
};
export type InstrumentsChanged = {
  security_id: string;
};
export type BusinessDatesChanged = {
  calendar_code: string;
  from_date: string;
};

/**
 * The position stage rebuilt keys of the portfolio from `from_date` on (the earliest date of the keys it
 * replayed); keyed by portfolio_id. headers.epoch is the highest epoch among those keys.
 */
export type PositionsChanged = {
  portfolio_id: string;
  from_date: string;
  /**
   * The securities whose keys were rebuilt (the union over the coalesced changes). The series stage rewrites
   * only their position rows (and the portfolio's totals); an event without it rewrites every position.
   */
  security_ids?: string[];
};
