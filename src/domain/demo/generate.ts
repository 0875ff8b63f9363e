import { addDays, addYears } from '../dates.ts';
import {
  type DemoBenchmarkComposition,
  type DemoBenchmarkDefinition,
  type DemoBenchmarkLevel,
  demoBenchmark,
} from './benchmark.ts';
import { type IsoDate, latestWeekdayOnOrBefore, monthOf, toEpochMs, weekdaysBetween } from './calendar.ts';
import { Decimal } from './decimal.ts';
import { gbmPath } from './gbm.ts';
import {
  CASH_NAMES,
  cashSecurityId,
  DEMO_CURRENCIES,
  type DemoCurrency,
  FX_SPECS,
  INSTRUMENT_SPECS,
  type InstrumentSpec,
  MINOR_UNITS,
  UNITS_PER_USD,
} from './instruments.ts';
import { createRng, type Rng } from './prng.ts';

/**
 * The demo data set: every list in the shape of the ingest API's request bodies (snake_case, the original
 * system's field names; decimals as decimal strings so nothing is lost to binary floating point).
 */
export interface DemoBusinessDate {
  business_date: IsoDate;
  calendar_code: string;
  source_system: string;
}

export interface DemoPortfolio {
  portfolio_id: string;
  base_currency: string;
  open_date: IsoDate;
  risk_exposure: string;
  investment_time_horizon: string;
  portfolio_type: string;
  objective: string;
  booking_center_code: string;
  client_id: string;
  is_leverage_allowed: boolean;
  advisor_id: string;
  status: string;
  cost_basis_method: 'FIFO' | 'LIFO' | 'HIFO' | 'AVCO';
}

export interface DemoInstrument {
  security_id: string;
  name: string;
  isin: string;
  currency: string;
  product_type: string;
  asset_class: string;
  sector?: string;
  country_of_risk?: string;
  rating?: string;
  maturity_date?: IsoDate;
  /** Bond terms (docs/api.md): what GET /portfolios/{id}/constituents needs for a bond's yield and duration. */
  coupon_rate?: string;
  coupon_frequency?: 'SEMI_ANNUAL';
  day_count?: 'Act/Act ICMA';
  issuer_id?: string;
  issuer_name?: string;
  ultimate_parent_issuer_id?: string;
  ultimate_parent_issuer_name?: string;
}

export interface DemoMarketPrice {
  security_id: string;
  price_date: IsoDate;
  price: string;
  currency: string;
}

export interface DemoFxRate {
  from_currency: string;
  to_currency: string;
  rate_date: IsoDate;
  rate: string;
}

export type DemoTransactionType = 'DEPOSIT' | 'WITHDRAWAL' | 'BUY' | 'SELL' | 'DIVIDEND' | 'INTEREST' | 'FEE';

export interface DemoTransaction {
  transaction_id: string;
  portfolio_id: string;
  instrument_id: string;
  security_id: string;
  transaction_date: string;
  transaction_type: DemoTransactionType;
  quantity: string;
  price: string;
  gross_transaction_amount: string;
  trade_currency: string;
  currency: string;
  trade_fee: string;
  /** Trade currency → portfolio base currency, for trades and income in a foreign currency. */
  transaction_fx_rate?: string;
  economic_event_id: string;
  linked_transaction_group_id: string;
  source_system: string;
}

export interface DemoDataSet {
  business_dates: DemoBusinessDate[];
  portfolios: DemoPortfolio[];
  instruments: DemoInstrument[];
  market_prices: DemoMarketPrice[];
  fx_rates: DemoFxRate[];
  /** The demo's benchmark (benchmark.ts): its definition, daily levels and monthly compositions. */
  benchmarks: DemoBenchmarkDefinition[];
  benchmark_levels: DemoBenchmarkLevel[];
  benchmark_compositions: DemoBenchmarkComposition[];
  transactions: DemoTransaction[];
}

export interface DemoOptions {
  seed: number;
  /** Number of portfolios, 1 to 1,000. */
  portfolios: number;
  /** Years of history, a whole number from 1 to 30. */
  years: number;
  /** Last day of the data; moved back to the latest weekday on or before it. */
  endDate: IsoDate;
}

export const DEMO_SOURCE_SYSTEM = 'PAS_DEMO';
export const DEMO_CALENDAR = 'GLOBAL';

const COST_BASIS_METHODS = ['FIFO', 'AVCO', 'LIFO', 'HIFO'] as const;
const BOOKING_CENTERS: Readonly<Record<DemoCurrency, string>> = {
  USD: 'New York',
  EUR: 'Luxembourg',
  GBP: 'London',
  CHF: 'Zurich',
  JPY: 'Tokyo',
};
const RISK_PROFILES = [
  { risk_exposure: 'Moderate', horizon: 'Long', objective: 'Balanced growth' },
  { risk_exposure: 'Low', horizon: 'Medium', objective: 'Income and capital preservation' },
  { risk_exposure: 'High', horizon: 'Long', objective: 'Long-term capital growth' },
  { risk_exposure: 'Balanced', horizon: 'Medium', objective: 'Income with moderate growth' },
] as const;

/** Brokerage fee: 0.10 % of the gross amount, at least 5 USD-equivalent units of the trade currency. */
const FEE_RATE = new Decimal('0.001');
const MIN_FEE_USD = 5;
/** Bonds are quoted per unit of 100 face value. */
const BOND_FACE = 100;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const fmt = (d: Decimal): string => d.toFixed();
const roundTo = (d: Decimal, places: number): Decimal => d.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);

/** A GBM path as decimal strings: prices rounded to 4 dp, never below 0.0001. */
function priceStrings(path: readonly number[], places: number): string[] {
  const floor = new Decimal(1).div(new Decimal(10).pow(places));
  return path.map((p) => fmt(Decimal.max(floor, roundTo(new Decimal(p), places))));
}

function instrumentRecord(spec: InstrumentSpec, endDate: IsoDate): DemoInstrument {
  const record: DemoInstrument = {
    security_id: spec.security_id,
    name: spec.name,
    isin: spec.isin,
    currency: spec.currency,
    product_type: spec.product_type,
    asset_class: spec.asset_class,
  };
  if (spec.sector) record.sector = spec.sector;
  if (spec.country_of_risk) record.country_of_risk = spec.country_of_risk;
  if (spec.rating) record.rating = spec.rating;
  if (spec.maturityYears !== undefined && spec.couponMonth !== undefined) {
    const year = Number(endDate.slice(0, 4)) + spec.maturityYears;
    record.maturity_date = `${year}-${pad(spec.couponMonth, 2)}-15`;
    record.name = `${spec.name} ${year}`;
  }
  if (spec.couponRate !== undefined) {
    // Government bonds: semi-annual coupons (as the simulation pays them), Act/Act ICMA.
    record.coupon_rate = String(spec.couponRate);
    record.coupon_frequency = 'SEMI_ANNUAL';
    record.day_count = 'Act/Act ICMA';
  }
  if (spec.issuer_id && spec.issuer_name) {
    record.issuer_id = spec.issuer_id;
    record.issuer_name = spec.issuer_name;
    record.ultimate_parent_issuer_id = spec.issuer_id;
    record.ultimate_parent_issuer_name = spec.issuer_name;
  }
  return record;
}

interface Market {
  dates: readonly IsoDate[];
  /** security_id → price per business day (decimal strings). */
  prices: ReadonlyMap<string, readonly string[]>;
  /** currency → units of USD per unit of it, per business day (USD itself is "1"). */
  usdPer: ReadonlyMap<string, readonly string[]>;
}

/** Rate converting an amount in `from` into `to` on business day `day`: cross through USD, 10 significant digits. */
function crossRate(market: Market, from: string, to: string, day: number): Decimal {
  if (from === to) return new Decimal(1);
  const f = new Decimal(market.usdPer.get(from)![day]!);
  const t = new Decimal(market.usdPer.get(to)![day]!);
  return f.div(t).toSignificantDigits(10, Decimal.ROUND_HALF_EVEN);
}

/** Builds one portfolio's transactions by simulating it day by day; the invariants are checked as it goes. */
/** One transaction of an economic event, before its ids, dates and the portfolio are filled in. */
type Leg = Pick<DemoTransaction, 'instrument_id' | 'security_id' | 'transaction_type' | 'trade_currency'> & {
  quantity: Decimal;
  price: Decimal;
  gross: Decimal;
  fee?: Decimal;
  fxRate?: Decimal;
};

/** The instrument side of a trade, in its own currency. */
const tradeLeg = (
  spec: InstrumentSpec,
  type: 'BUY' | 'SELL',
  amounts: Pick<Leg, 'quantity' | 'price' | 'gross' | 'fee' | 'fxRate'>,
): Leg => ({
  instrument_id: spec.ticker,
  security_id: spec.security_id,
  transaction_type: type,
  trade_currency: spec.currency,
  ...amounts,
});

class PortfolioSimulation {
  readonly txns: DemoTransaction[] = [];
  private readonly holdings = new Map<string, Decimal>();
  private cash = new Decimal(0);
  private totalDeposits = new Decimal(0);
  private txnSeq = 0;
  private eventSeq = 0;
  private dayEvents = 0;
  private day = 0;

  private readonly portfolio: DemoPortfolio;
  private readonly base: DemoCurrency;
  private readonly market: Market;
  private readonly rng: Rng;
  constructor(portfolio: DemoPortfolio, market: Market, rng: Rng) {
    this.portfolio = portfolio;
    this.base = portfolio.base_currency as DemoCurrency;
    this.market = market;
    this.rng = rng;
  }

  get cashBalance(): Decimal {
    return this.cash;
  }

  private get date(): IsoDate {
    return this.market.dates[this.day]!;
  }

  private get cashId(): string {
    return cashSecurityId(this.base);
  }

  /** Each event of a day gets its own time, five minutes apart from 09:00 UTC; its legs share it. */
  private nextTimestamp(): string {
    const minutes = 9 * 60 + 5 * this.dayEvents++;
    return `${this.date}T${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}:00Z`;
  }

  private price(securityId: string): Decimal {
    return new Decimal(this.market.prices.get(securityId)![this.day]!);
  }

  private minFee(currency: DemoCurrency): Decimal {
    return new Decimal(MIN_FEE_USD * UNITS_PER_USD[currency]);
  }

  private fee(gross: Decimal, currency: DemoCurrency): Decimal {
    return Decimal.max(this.minFee(currency), roundTo(gross.times(FEE_RATE), MINOR_UNITS[currency]));
  }

  private toBase(amount: Decimal, currency: DemoCurrency): { amount: Decimal; rate: Decimal } {
    const rate = crossRate(this.market, currency, this.base, this.day);
    return { amount: roundTo(amount.times(rate), MINOR_UNITS[this.base]), rate };
  }

  private holding(securityId: string): Decimal {
    return this.holdings.get(securityId) ?? new Decimal(0);
  }

  /** Appends the legs of one economic event, linked by its event and group ids. */
  private book(legs: readonly Leg[]): void {
    const timestamp = this.nextTimestamp();
    const n = pad(++this.eventSeq, 5);
    const pid = this.portfolio.portfolio_id;
    for (const leg of legs) {
      const txn: DemoTransaction = {
        transaction_id: `${pid}-T${pad(++this.txnSeq, 5)}`,
        portfolio_id: pid,
        instrument_id: leg.instrument_id,
        security_id: leg.security_id,
        transaction_date: timestamp,
        transaction_type: leg.transaction_type,
        quantity: fmt(leg.quantity),
        price: fmt(leg.price),
        gross_transaction_amount: fmt(leg.gross),
        trade_currency: leg.trade_currency,
        currency: leg.trade_currency,
        trade_fee: fmt(leg.fee ?? new Decimal(0)),
        economic_event_id: `EVT-${pid}-${n}`,
        linked_transaction_group_id: `LTG-${pid}-${n}`,
        source_system: DEMO_SOURCE_SYSTEM,
      };
      if (leg.fxRate && !leg.fxRate.eq(1)) txn.transaction_fx_rate = fmt(leg.fxRate);
      this.txns.push(txn);
    }
  }

  /**
   * Cash legs (seed-system §5.4): the client books them against the base currency's cash instrument, price 1;
   * so are deposits and withdrawals. A fee is one unit priced at its amount, as the original's demo pack books it.
   */
  private cashLeg(type: 'BUY' | 'SELL' | 'DEPOSIT' | 'WITHDRAWAL' | 'FEE', amount: Decimal, oneUnit = false) {
    return {
      instrument_id: this.cashId,
      security_id: this.cashId,
      transaction_type: type,
      trade_currency: this.base,
      quantity: oneUnit ? new Decimal(1) : amount,
      price: oneUnit ? amount : new Decimal(1),
      gross: amount,
    };
  }

  deposit(amount: Decimal): void {
    if (amount.lte(0)) return;
    this.book([this.cashLeg('DEPOSIT', amount)]);
    this.cash = this.cash.plus(amount);
    this.totalDeposits = this.totalDeposits.plus(amount);
  }

  withdraw(amount: Decimal): void {
    const value = Decimal.min(amount, this.cash);
    if (value.lte(0)) return;
    this.book([this.cashLeg('WITHDRAWAL', value)]);
    this.cash = this.cash.minus(value);
  }

  /** A fee booked on the cash instrument itself, as the original's demo pack does (quantity 1, price = amount). */
  chargeFee(amount: Decimal): void {
    const value = Decimal.min(amount, this.cash);
    if (value.lte(0)) return;
    this.book([this.cashLeg('FEE', value, true)]);
    this.cash = this.cash.minus(value);
  }

  /** Buys about `budget` (base currency) of the instrument, never more than the cash held. */
  buy(spec: InstrumentSpec, budget: Decimal): void {
    const budgetBase = Decimal.min(budget, this.cash);
    const price = this.price(spec.security_id);
    const rate = crossRate(this.market, spec.currency, this.base, this.day);
    // Quantity from the budget converted into the trade currency, net of the fee, whole units.
    let quantity = budgetBase
      .div(rate)
      .div(price.times(FEE_RATE.plus(1)))
      .floor();
    for (let tries = 0; quantity.gt(0) && tries < 20; tries++) {
      const gross = quantity.times(price);
      const fee = this.fee(gross, spec.currency);
      const { amount: cost } = this.toBase(gross.plus(fee), spec.currency);
      if (cost.gt(0) && cost.lte(this.cash)) {
        this.book([
          tradeLeg(spec, 'BUY', { quantity, price, gross, fee, fxRate: rate }),
          this.cashLeg('SELL', cost),
        ]);
        this.holdings.set(spec.security_id, this.holding(spec.security_id).plus(quantity));
        this.cash = this.cash.minus(cost);
        return;
      }
      // The minimum fee or rounding made it too dear: try a smaller quantity.
      quantity = quantity.minus(Decimal.max(1, quantity.div(10).floor()));
    }
  }

  /** Sells `fraction` of the position (whole units, at least one), never more than held. */
  sell(spec: InstrumentSpec, fraction: number): void {
    const held = this.holding(spec.security_id);
    if (held.lte(0)) return;
    const quantity = Decimal.min(held, Decimal.max(1, held.times(fraction).floor()));
    const price = this.price(spec.security_id);
    const gross = quantity.times(price);
    const fee = this.fee(gross, spec.currency);
    if (gross.lte(fee.times(2))) return; // not worth it: the fee would eat the proceeds
    const { amount: proceeds, rate } = this.toBase(gross.minus(fee), spec.currency);
    if (proceeds.lte(0)) return;
    this.book([
      tradeLeg(spec, 'SELL', { quantity, price, gross, fee, fxRate: rate }),
      this.cashLeg('BUY', proceeds),
    ]);
    this.holdings.set(spec.security_id, held.minus(quantity));
    this.cash = this.cash.plus(proceeds);
  }

  /** A dividend (equities) or coupon (bonds, booked as INTEREST) on the units held, and its cash leg. */
  income(spec: InstrumentSpec, type: 'DIVIDEND' | 'INTEREST', perUnit: Decimal): void {
    const held = this.holding(spec.security_id);
    if (held.lte(0)) return;
    const amount = roundTo(held.times(perUnit), MINOR_UNITS[spec.currency]);
    if (amount.lte(0)) return;
    const { amount: credited, rate } = this.toBase(amount, spec.currency);
    if (credited.lte(0)) return;
    this.book([
      {
        instrument_id: spec.ticker,
        security_id: spec.security_id,
        transaction_type: type,
        trade_currency: spec.currency,
        quantity: new Decimal(0),
        price: new Decimal(0),
        gross: amount,
        fxRate: rate,
      },
      this.cashLeg('BUY', credited),
    ]);
    this.cash = this.cash.plus(credited);
  }

  run(universe: readonly InstrumentSpec[], index: number): void {
    const { dates } = this.market;
    const rng = this.rng;
    const scale = UNITS_PER_USD[this.base];
    const minor = MINOR_UNITS[this.base];
    const initial = new Decimal(Math.round(rng.uniform(0.5, 2) * 1000) * 1000 * scale);
    const topUpDay = index % 2 === 0 ? Math.floor(dates.length * 0.4) : -1;
    const withdrawalDay = Math.floor(dates.length * rng.uniform(0.55, 0.8));
    const buildDays = universe.length;

    for (this.day = 0; this.day < dates.length; this.day++) {
      this.dayEvents = 0;
      const date = this.date;
      const firstOfMonth = this.day > 0 && monthOf(date) !== monthOf(dates[this.day - 1]!);

      if (this.day === 0) this.deposit(initial);
      if (this.day === topUpDay) {
        this.deposit(roundTo(initial.times(rng.uniform(0.1, 0.3)), 0));
      }

      // Income first: it is paid on what was held at the start of the day.
      if (firstOfMonth) {
        const month = monthOf(date);
        for (const spec of universe) {
          if (spec.dividendYield !== undefined && month % 3 === spec.dividendPhase) {
            const perShare = roundTo(this.price(spec.security_id).times(spec.dividendYield).div(4), 4);
            this.income(spec, 'DIVIDEND', perShare);
          }
          if (spec.couponRate !== undefined && spec.couponMonth !== undefined) {
            if (month % 6 === spec.couponMonth % 6) {
              this.income(spec, 'INTEREST', new Decimal(BOND_FACE).times(spec.couponRate).div(2));
            }
          }
        }
      }

      if (this.day >= 1 && this.day <= buildDays) {
        // Build the initial portfolio: one position a day, together about 85 % of the first deposit.
        this.buy(universe[this.day - 1]!, initial.times(0.85).div(buildDays));
      } else if (this.day > buildDays) {
        const held = universe.filter((s) => this.holding(s.security_id).gt(0));
        if (held.length > 0 && rng.chance(0.07)) this.sell(rng.pick(held), rng.uniform(0.2, 1));
        if (rng.chance(0.09) && this.cash.gt(this.totalDeposits.times(0.03))) {
          this.buy(rng.pick(universe), this.cash.times(rng.uniform(0.2, 0.6)));
        }
      }

      // Quarterly management fee: 0.1 % of the money deposited, on the first business day of the quarter.
      if (firstOfMonth && monthOf(date) % 3 === 1) {
        this.chargeFee(roundTo(this.totalDeposits.times('0.001'), minor));
      }
      if (this.day === withdrawalDay) this.withdraw(roundTo(this.cash.times(rng.uniform(0.1, 0.3)), minor));
    }
  }
}

/** Picks a portfolio's instruments: 3-6 equities, 1-2 bonds, and the ETF or the fund (or both). */
function chooseUniverse(rng: Rng): InstrumentSpec[] {
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const equities = shuffle(INSTRUMENT_SPECS.filter((s) => s.product_type === 'Equity'));
  const bonds = shuffle(INSTRUMENT_SPECS.filter((s) => s.product_type === 'Bond'));
  const funds = shuffle(
    INSTRUMENT_SPECS.filter((s) => s.product_type === 'ETF' || s.product_type === 'Fund'),
  );
  return [
    ...equities.slice(0, rng.int(3, 6)),
    ...bonds.slice(0, rng.int(1, bonds.length)),
    ...funds.slice(0, rng.int(1, funds.length)),
  ];
}

function portfolioRecord(index: number, openDate: IsoDate): DemoPortfolio {
  const base = DEMO_CURRENCIES[index % DEMO_CURRENCIES.length]!;
  const profile = RISK_PROFILES[index % RISK_PROFILES.length]!;
  const n = pad(index + 1, 3);
  return {
    portfolio_id: `DEMO_${n}_${base}`,
    base_currency: base,
    open_date: openDate,
    risk_exposure: profile.risk_exposure,
    investment_time_horizon: profile.horizon,
    portfolio_type: index % 2 === 0 ? 'Discretionary' : 'Advisory',
    objective: profile.objective,
    booking_center_code: BOOKING_CENTERS[base],
    client_id: `DEMO_CIF_${n}`,
    is_leverage_allowed: false,
    advisor_id: `DEMO_ADV_${pad((index % 3) + 1, 2)}`,
    status: 'ACTIVE',
    cost_basis_method: COST_BASIS_METHODS[index % COST_BASIS_METHODS.length]!,
  };
}

/** Checks the options and returns the demo's business days: weekdays from `years` before the end to the end. */
export function demoDates(options: Pick<DemoOptions, 'years' | 'endDate'>): IsoDate[] {
  const { years, endDate } = options;
  if (!Number.isInteger(years) || years < 1 || years > 30) {
    throw new RangeError(`years must be a whole number from 1 to 30, got ${years}`);
  }
  toEpochMs(endDate);
  const end = latestWeekdayOnOrBefore(endDate);
  return weekdaysBetween(addDays(addYears(end, -years), 1), end);
}

/**
 * Generates the demo data set: a pure function of (seed, portfolios, years, endDate). Every record is valid
 * ingest input; holdings never go negative (no oversell) and each portfolio's cash balance stays ≥ 0.
 *
 * Streams are independent: prices of each instrument, each FX rate and each portfolio draw from their own
 * generator forked from the seed, so adding portfolios leaves the others, the prices and the FX unchanged.
 */
export function generateDemo(options: DemoOptions): DemoDataSet {
  const { seed, portfolios: count } = options;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new RangeError(`portfolios must be a whole number from 1 to 1000, got ${count}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const dates = demoDates(options);
  const endDate = dates[dates.length - 1]!;
  const rng = createRng(seed);

  const prices = new Map<string, string[]>();
  for (const spec of INSTRUMENT_SPECS) {
    const path = gbmPath(spec.start, spec, dates.length, rng.fork(`price:${spec.security_id}`));
    prices.set(spec.security_id, priceStrings(path, 4));
  }
  const usdPer = new Map<string, string[]>([['USD', dates.map(() => '1')]]);
  for (const fx of FX_SPECS) {
    const path = gbmPath(fx.start, fx, dates.length, rng.fork(`fx:${fx.currency}`));
    usdPer.set(
      fx.currency,
      path.map((r) => fmt(new Decimal(r).toSignificantDigits(6, Decimal.ROUND_HALF_EVEN))),
    );
  }
  for (const currency of DEMO_CURRENCIES) {
    prices.set(
      cashSecurityId(currency),
      dates.map(() => '1'),
    );
  }
  const market: Market = { dates, prices, usdPer };

  const instruments: DemoInstrument[] = [
    ...DEMO_CURRENCIES.map((currency) => ({
      security_id: cashSecurityId(currency),
      name: CASH_NAMES[currency],
      isin: `${cashSecurityId(currency)}_DEMO`,
      currency,
      product_type: 'Cash',
      asset_class: 'Cash',
    })),
    ...INSTRUMENT_SPECS.map((spec) => instrumentRecord(spec, endDate)),
  ];
  const currencyOf = new Map(instruments.map((i) => [i.security_id, i.currency]));

  const portfolios: DemoPortfolio[] = [];
  const transactions: DemoTransaction[] = [];
  for (let i = 0; i < count; i++) {
    const portfolio = portfolioRecord(i, dates[0]!);
    const prng = rng.fork(`portfolio:${i}`);
    const sim = new PortfolioSimulation(portfolio, market, prng);
    sim.run(chooseUniverse(prng.fork('universe')), i);
    portfolios.push(portfolio);
    transactions.push(...sim.txns);
  }

  const market_prices: DemoMarketPrice[] = [];
  dates.forEach((date, day) => {
    for (const [security_id, series] of prices) {
      market_prices.push({
        security_id,
        price_date: date,
        price: series[day]!,
        currency: currencyOf.get(security_id)!,
      });
    }
  });
  const fx_rates: DemoFxRate[] = [];
  dates.forEach((date, day) => {
    for (const fx of FX_SPECS) {
      fx_rates.push({
        from_currency: fx.currency,
        to_currency: 'USD',
        rate_date: date,
        rate: usdPer.get(fx.currency)![day]!,
      });
    }
  });

  return {
    business_dates: dates.map((business_date) => ({
      business_date,
      calendar_code: DEMO_CALENDAR,
      source_system: DEMO_SOURCE_SYSTEM,
    })),
    portfolios,
    instruments,
    market_prices,
    fx_rates,
    ...demoBenchmark(dates, prices),
    transactions,
  };
}

/** Record counts per list, for summaries. */
export function demoCounts(data: DemoDataSet): Record<keyof DemoDataSet, number> {
  return {
    business_dates: data.business_dates.length,
    portfolios: data.portfolios.length,
    instruments: data.instruments.length,
    market_prices: data.market_prices.length,
    fx_rates: data.fx_rates.length,
    benchmarks: data.benchmarks.length,
    benchmark_levels: data.benchmark_levels.length,
    benchmark_compositions: data.benchmark_compositions.length,
    transactions: data.transactions.length,
  };
}
