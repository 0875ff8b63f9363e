import type { DayCount } from '../analytics/bonds/day-count.ts';
import { INSTRUMENT_ATTRIBUTES } from '../instrument-attributes.ts';
/**
 * Ingested records after validation and normalisation: snake_case names, decimals as canonical decimal
 * strings (no exponent, no trailing zeros: "1.1", "500000"), dates 'YYYY-MM-DD', instants ISO-8601 UTC,
 * currency codes upper case, optional fields present as null. These are the payloads on the raw topics and
 * the input of the persist stage.
 */
export type Decimal = string;
export type IsoDate = string;
export type IsoInstant = string;

export interface PortfolioRecord {
  portfolio_id: string;
  base_currency: string;
  open_date: IsoDate;
  close_date: IsoDate | null;
  risk_exposure: string;
  investment_time_horizon: string;
  portfolio_type: string;
  objective: string | null;
  booking_center_code: string;
  client_id: string;
  is_leverage_allowed: boolean;
  advisor_id: string | null;
  status: string;
  cost_basis_method: CostBasisMethod;
  /** EXPLICIT: the client books every cash leg; AUTO: the position engine books them (positions/auto-cash.ts). */
  cash_mode: CashMode;
}

export const CASH_MODES = ['EXPLICIT', 'AUTO'] as const;
export type CashMode = (typeof CASH_MODES)[number];

export const COST_BASIS_METHODS = ['FIFO', 'LIFO', 'HIFO', 'AVCO'] as const;
export type CostBasisMethod = (typeof COST_BASIS_METHODS)[number];

export interface InstrumentRecord {
  security_id: string;
  name: string;
  isin: string;
  currency: string;
  product_type: string;
  asset_class: string | null;
  sector: string | null;
  country_of_risk: string | null;
  rating: string | null;
  maturity_date: IsoDate | null;
  issuer_id: string | null;
  issuer_name: string | null;
  ultimate_parent_issuer_id: string | null;
  ultimate_parent_issuer_name: string | null;
  /** Bond terms, when known: what the bond analytics need besides maturity_date (a decimal rate, 0.05 = 5 %). */
  coupon_rate: string | null;
  coupon_frequency: CouponFrequency | null;
  day_count: DayCount | null;
  issue_date: IsoDate | null;
}

/** Coupons a year by name: 1, 2, 4 or 12 (the bond analytics' frequencies). */
export const COUPON_FREQUENCIES = { ANNUAL: 1, SEMI_ANNUAL: 2, QUARTERLY: 4, MONTHLY: 12 } as const;
export type CouponFrequency = keyof typeof COUPON_FREQUENCIES;

export const TRANSACTION_TYPES = [
  'BUY',
  'SELL',
  'DIVIDEND',
  'INTEREST',
  'FEE',
  'TAX',
  'DEPOSIT',
  'WITHDRAWAL',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'SPLIT',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface TransactionRecord {
  transaction_id: string;
  portfolio_id: string;
  instrument_id: string;
  security_id: string;
  transaction_date: IsoInstant;
  transaction_type: TransactionType;
  quantity: Decimal;
  price: Decimal;
  gross_transaction_amount: Decimal;
  trade_currency: string;
  currency: string;
  trade_fee: Decimal;
  settlement_date: IsoDate | null;
  transaction_fx_rate: Decimal | null;
  /** Accrued interest paid on a bond purchase, in the trade currency (≥ 0). */
  accrued_interest: Decimal | null;
  /** SPLIT only (required there): new shares per old share, e.g. '2' for 2-for-1 (> 0). */
  split_ratio: Decimal | null;
  economic_event_id: string | null;
  linked_transaction_group_id: string | null;
  calculation_policy_id: string | null;
  calculation_policy_version: string | null;
  source_system: string | null;
}

export interface MarketPriceRecord {
  security_id: string;
  price_date: IsoDate;
  price: Decimal;
  currency: string;
}

export interface FxRateRecord {
  from_currency: string;
  to_currency: string;
  rate_date: IsoDate;
  rate: Decimal;
}

export interface BusinessDateRecord {
  business_date: IsoDate;
  calendar_code: string;
  market_code: string | null;
  source_system: string | null;
  source_batch_id: string | null;
}

/** Benchmark facts (issue 6). Returns are decimals: 0.01 is 1 %. */
export const BENCHMARK_TYPES = ['SINGLE_INDEX', 'COMPOSITE'] as const;
export type BenchmarkType = (typeof BENCHMARK_TYPES)[number];

export const RETURN_CONVENTIONS = ['PRICE_RETURN_INDEX', 'TOTAL_RETURN_INDEX'] as const;
export type ReturnConvention = (typeof RETURN_CONVENTIONS)[number];

/** What a composition weight is the weight of: one security, or one value of an instrument attribute. */
export const BENCHMARK_DIMENSIONS = ['security', ...INSTRUMENT_ATTRIBUTES, 'maturity_bucket'] as const;
export type BenchmarkDimension = (typeof BENCHMARK_DIMENSIONS)[number];

export interface BenchmarkRecord {
  benchmark_id: string;
  benchmark_name: string;
  benchmark_currency: string;
  benchmark_type: BenchmarkType;
  return_convention: ReturnConvention | null;
  provider: string | null;
  description: string | null;
}

/** The benchmark's index level at the close of series_date (> 0). */
export interface BenchmarkLevelRecord {
  benchmark_id: string;
  series_date: IsoDate;
  level: Decimal;
}

/** The benchmark's return over series_date (close of the previous level date to this close; > −1). */
export interface BenchmarkReturnRecord {
  benchmark_id: string;
  series_date: IsoDate;
  daily_return: Decimal;
}

/**
 * One component of the benchmark from composition_date on, until the next composition date of the same
 * benchmark and dimension: its weight at the start of composition_date, in [0, 1], and optionally its return
 * over that span (with daily compositions: the day's return).
 */
export interface BenchmarkCompositionRecord {
  benchmark_id: string;
  composition_date: IsoDate;
  dimension: BenchmarkDimension;
  /** A security_id when dimension is 'security', else the attribute's value ('Technology' for a sector). */
  component_id: string;
  weight: Decimal;
  component_return: Decimal | null;
}

export interface ReprocessRequest {
  transaction_id: string;
}

export interface EntityRecords {
  portfolio: PortfolioRecord;
  instrument: InstrumentRecord;
  transaction: TransactionRecord;
  market_price: MarketPriceRecord;
  fx_rate: FxRateRecord;
  business_date: BusinessDateRecord;
  benchmark: BenchmarkRecord;
  benchmark_level: BenchmarkLevelRecord;
  benchmark_return: BenchmarkReturnRecord;
  benchmark_composition: BenchmarkCompositionRecord;
}
export type EntityType = keyof EntityRecords;
