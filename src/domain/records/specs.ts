import { Decimal } from 'decimal.js';
import { DAY_COUNTS } from '../analytics/bonds/day-count.ts';
import { addDays } from '../dates.ts';
import {
  alias,
  boolean,
  currency,
  date,
  decimal,
  type FieldSpec,
  instant,
  oneOf,
  optional,
  text,
  withDefault,
} from './fields.ts';
import {
  BENCHMARK_DIMENSIONS,
  BENCHMARK_TYPES,
  CASH_MODES,
  COST_BASIS_METHODS,
  COUPON_FREQUENCIES,
  type CouponFrequency,
  type EntityRecords,
  type EntityType,
  type IsoDate,
  RETURN_CONVENTIONS,
  TRANSACTION_TYPES,
  type TransactionType,
} from './types.ts';

/**
 * One table per ingested entity. It drives validation and normalisation (validate.ts), the JSON Schema of the
 * API docs (json-schema.ts) and the matching of CSV headers (csv.ts). Field rules follow the original
 * system's ingestion contract (seed-system.md §4).
 */

/** What validation needs to know beyond the record itself. */
export interface ValidationContext {
  /** Today, UTC, 'YYYY-MM-DD'. */
  today: IsoDate;
  /** Business dates may lie at most this many days after today. */
  businessDateMaxFutureDays: number;
}

export interface Violation {
  field: string;
  message: string;
}

/** A rule across fields; sees only the fields that parsed, so it must tolerate missing ones. */
export type RecordRule<T> = (record: Partial<T>, ctx: ValidationContext) => Violation | undefined;

export interface EntitySpec<T> {
  readonly entity: EntityType;
  /** The list's name in request bodies and bundles, and the upload entity_type: 'portfolios'. */
  readonly list: string;
  /** Other names the list is accepted under in request bodies (the original's, where it had one). */
  readonly listAliases?: readonly string[];
  /** Every field of the record, in output order. */
  readonly fields: { readonly [K in keyof T]-?: FieldSpec<T[K]> };
  /** The business key: two records of one batch must not share it. */
  readonly key: ReadonlyArray<keyof T & string>;
  readonly rules: ReadonlyArray<RecordRule<T>>;
}

export type Specs = { readonly [E in EntityType]: EntitySpec<EntityRecords[E]> };

/** Any entity's record, for code that handles every entity alike (bundles, uploads). */
export type EntityRecord = EntityRecords[EntityType];

/**
 * The original required gross_transaction_amount > 0. That is kept where the amount is the substance of the
 * transaction (BUY, SELL, DEPOSIT, WITHDRAWAL, INTEREST, TAX), but some types carry no cash and must be able
 * to say so: a SPLIT never moves cash, transfers may be free of payment, a scrip DIVIDEND books shares rather
 * than cash, and a waived FEE is still booked for the audit trail. For those the amount must only be ≥ 0.
 */
export const ZERO_AMOUNT_TYPES: ReadonlySet<TransactionType> = new Set<TransactionType>([
  'DIVIDEND',
  'FEE',
  'SPLIT',
  'TRANSFER_IN',
  'TRANSFER_OUT',
]);

const grossAmountRule: RecordRule<EntityRecords['transaction']> = (r) => {
  if (r.transaction_type === undefined || r.gross_transaction_amount !== '0') return undefined;
  if (ZERO_AMOUNT_TYPES.has(r.transaction_type)) return undefined;
  return {
    field: 'gross_transaction_amount',
    message: `must be greater than 0 for a ${r.transaction_type} (0 is allowed only for ${[...ZERO_AMOUNT_TYPES].join(', ')})`,
  };
};

/** A SPLIT says how many new shares replace one old share; without the ratio it means nothing. */
const splitRatioRule: RecordRule<EntityRecords['transaction']> = (r) => {
  if (r.transaction_type !== 'SPLIT' || (r.split_ratio !== undefined && r.split_ratio !== null))
    return undefined;
  return {
    field: 'split_ratio',
    message: "is required for a SPLIT (new shares per old share, e.g. '2' for 2-for-1)",
  };
};

/** A date that cannot come before another of the same record (both present and parsed, else no opinion). */
const notBefore =
  <T>(
    field: keyof T & string,
    earlier: keyof T & string,
    describe: string,
    dayOf = (v: string) => v,
  ): RecordRule<T> =>
  (r) => {
    const [later, first] = [r[field], r[earlier]];
    if (typeof later !== 'string' || typeof first !== 'string' || later >= dayOf(first)) return undefined;
    return { field, message: `must be on or after ${describe} ${dayOf(first)}, got ${later}` };
  };

const closeAfterOpen = notBefore<EntityRecords['portfolio']>('close_date', 'open_date', 'open_date');

/** Settlement is a calendar date; the trade is an instant, compared by its UTC date as positions date it. */
const settlementAfterTrade = notBefore<EntityRecords['transaction']>(
  'settlement_date',
  'transaction_date',
  'the trade date (transaction_date, UTC)',
  (instant) => instant.slice(0, 10),
);

const futureBusinessDateRule: RecordRule<EntityRecords['business_date']> = (r, ctx) => {
  if (r.business_date === undefined) return undefined;
  const latest = addDays(ctx.today, ctx.businessDateMaxFutureDays);
  if (r.business_date <= latest) return undefined;
  return {
    field: 'business_date',
    message:
      `${r.business_date} is after the latest allowed business date ${latest} (today UTC + ` +
      `${ctx.businessDateMaxFutureDays} days; raise PAS_BUSINESS_DATE_MAX_FUTURE_DAYS to allow future dates)`,
  };
};

/** A return of −100 % or worse leaves nothing to compound: a benchmark return must be greater than −1. */
const aboveMinusOne =
  <T>(field: keyof T & string): RecordRule<T> =>
  (r) => {
    const value = r[field];
    if (typeof value !== 'string' || new Decimal(value).gt(-1)) return undefined;
    return { field, message: `must be greater than -1 (a decimal return: 0.01 is 1 %), got ${value}` };
  };

const weightAtMostOne: RecordRule<EntityRecords['benchmark_composition']> = (r) => {
  if (r.weight === undefined || new Decimal(r.weight).lte(1)) return undefined;
  return { field: 'weight', message: `must be at most 1 (a decimal weight: 0.25 is 25 %), got ${r.weight}` };
};

export const SPECS: Specs = {
  portfolio: {
    entity: 'portfolio',
    list: 'portfolios',
    fields: {
      portfolio_id: text(),
      base_currency: currency(),
      open_date: date(),
      close_date: optional(date()),
      risk_exposure: text(),
      investment_time_horizon: text(),
      portfolio_type: text(),
      objective: optional(text()),
      booking_center_code: alias(text(), 'booking_center'),
      client_id: alias(text(), 'cif_id'),
      is_leverage_allowed: withDefault(boolean(), false),
      advisor_id: optional(text()),
      status: text(),
      cost_basis_method: withDefault(oneOf(COST_BASIS_METHODS), 'FIFO'),
      cash_mode: withDefault(oneOf(CASH_MODES), 'EXPLICIT'),
    },
    key: ['portfolio_id'],
    rules: [closeAfterOpen],
  },
  instrument: {
    entity: 'instrument',
    list: 'instruments',
    fields: {
      security_id: text(),
      name: text(),
      isin: text(),
      currency: alias(currency(), 'instrument_currency'),
      product_type: text(),
      asset_class: optional(text()),
      sector: optional(text()),
      country_of_risk: optional(text()),
      rating: optional(text()),
      maturity_date: optional(date()),
      issuer_id: optional(text()),
      issuer_name: optional(text()),
      ultimate_parent_issuer_id: optional(text()),
      ultimate_parent_issuer_name: optional(text()),
      coupon_rate: optional(decimal()),
      coupon_frequency: optional(oneOf(Object.keys(COUPON_FREQUENCIES) as CouponFrequency[])),
      day_count: optional(oneOf(DAY_COUNTS)),
      issue_date: optional(date()),
    },
    key: ['security_id'],
    rules: [],
  },
  transaction: {
    entity: 'transaction',
    list: 'transactions',
    fields: {
      transaction_id: text(),
      portfolio_id: text(),
      instrument_id: text(),
      security_id: text(),
      transaction_date: instant(),
      transaction_type: oneOf(TRANSACTION_TYPES),
      quantity: decimal('nonNegative'),
      price: decimal('nonNegative'),
      gross_transaction_amount: decimal('nonNegative'),
      trade_currency: currency(),
      currency: currency(),
      trade_fee: withDefault(decimal('nonNegative'), '0'),
      settlement_date: optional(date()),
      transaction_fx_rate: optional(decimal('positive')),
      accrued_interest: optional(decimal('nonNegative')),
      split_ratio: optional(decimal('positive')),
      economic_event_id: optional(text()),
      linked_transaction_group_id: optional(text()),
      calculation_policy_id: optional(text()),
      calculation_policy_version: optional(text()),
      source_system: optional(text()),
    },
    key: ['transaction_id'],
    rules: [grossAmountRule, splitRatioRule, settlementAfterTrade],
  },
  market_price: {
    entity: 'market_price',
    list: 'market_prices',
    fields: {
      security_id: text(),
      price_date: date(),
      price: decimal('positive'),
      currency: currency(),
    },
    key: ['security_id', 'price_date'],
    rules: [],
  },
  fx_rate: {
    entity: 'fx_rate',
    list: 'fx_rates',
    fields: {
      from_currency: currency(),
      to_currency: currency(),
      rate_date: date(),
      rate: decimal('positive'),
    },
    key: ['from_currency', 'to_currency', 'rate_date'],
    rules: [],
  },
  business_date: {
    entity: 'business_date',
    list: 'business_dates',
    fields: {
      business_date: date(),
      calendar_code: withDefault(text(), 'GLOBAL'),
      market_code: optional(text()),
      source_system: optional(text()),
      source_batch_id: optional(text()),
    },
    key: ['calendar_code', 'business_date'],
    rules: [futureBusinessDateRule],
  },
  benchmark: {
    entity: 'benchmark',
    list: 'benchmarks',
    listAliases: ['benchmark_definitions'],
    fields: {
      benchmark_id: text(),
      benchmark_name: alias(text(), 'name'),
      benchmark_currency: alias(currency(), 'currency'),
      benchmark_type: withDefault(oneOf(BENCHMARK_TYPES), 'SINGLE_INDEX'),
      return_convention: optional(oneOf(RETURN_CONVENTIONS)),
      provider: optional(text()),
      description: optional(text()),
    },
    key: ['benchmark_id'],
    rules: [],
  },
  benchmark_level: {
    entity: 'benchmark_level',
    list: 'benchmark_levels',
    listAliases: ['index_price_series'],
    fields: {
      benchmark_id: text(),
      series_date: alias(date(), 'date', 'level_date'),
      level: alias(decimal('positive'), 'index_level', 'index_price'),
    },
    key: ['benchmark_id', 'series_date'],
    rules: [],
  },
  benchmark_return: {
    entity: 'benchmark_return',
    list: 'benchmark_returns',
    listAliases: ['benchmark_return_series'],
    fields: {
      benchmark_id: text(),
      series_date: alias(date(), 'date', 'return_date'),
      daily_return: alias(decimal(), 'benchmark_return', 'return'),
    },
    key: ['benchmark_id', 'series_date'],
    rules: [aboveMinusOne('daily_return')],
  },
  benchmark_composition: {
    entity: 'benchmark_composition',
    list: 'benchmark_compositions',
    fields: {
      benchmark_id: text(),
      composition_date: alias(date(), 'effective_date', 'composition_effective_from'),
      dimension: withDefault(oneOf(BENCHMARK_DIMENSIONS), 'security'),
      component_id: alias(text(), 'security_id', 'index_id'),
      weight: alias(decimal('nonNegative'), 'composition_weight'),
      component_return: alias(optional(decimal()), 'return'),
    },
    key: ['benchmark_id', 'dimension', 'component_id', 'composition_date'],
    rules: [weightAtMostOne, aboveMinusOne('component_return')],
  },
};

/** The entities in the order the original published a bundle: reference data before what refers to it. */
export const BUNDLE_ORDER: readonly EntityType[] = [
  'business_date',
  'portfolio',
  'instrument',
  'transaction',
  'market_price',
  'fx_rate',
];

/** The benchmark facts, in the order POST /ingest/benchmarks publishes them: definitions before series. */
export const BENCHMARK_ORDER: readonly EntityType[] = [
  'benchmark',
  'benchmark_level',
  'benchmark_return',
  'benchmark_composition',
];

/** Every ingested entity: the bundle's, then the benchmark facts. */
export const ENTITY_ORDER: readonly EntityType[] = [...BUNDLE_ORDER, ...BENCHMARK_ORDER];

/** The list names, in bundle order: the lists of a bundle body. */
export const LIST_NAMES: readonly string[] = BUNDLE_ORDER.map((e) => SPECS[e].list);

/** The entity types a CSV upload accepts: every entity's list name. */
export const UPLOAD_LISTS: readonly string[] = ENTITY_ORDER.map((e) => SPECS[e].list);

/** The spec of an entity chosen at run time; its records are typed only as some entity's record. */
export const specOf = (entity: EntityType): EntitySpec<EntityRecord> =>
  SPECS[entity] as unknown as EntitySpec<EntityRecord>;

/** The entity whose list name (the upload entity_type) is `list`, if any. */
export const entityOfList = (list: string): EntityType | undefined =>
  ENTITY_ORDER.find((entity) => SPECS[entity].list === list);
