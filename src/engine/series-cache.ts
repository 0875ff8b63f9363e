import type { IsoDate } from '../domain/records/types.ts';
import { unorderedPairKey } from '../domain/valuation/fx-pairs.ts';
import type { FxConverter, FxQuote, PriceSeries } from '../domain/valuation/types.ts';
import type { Sql } from '../store/db.ts';
import { fxQuotesOf, type PriceRow, pricesOf } from '../store/series-facts.ts';

/** The quotes of one unordered currency pair, columnar: both stored directions, ascending by date. */
interface PairQuotes {
  from: readonly string[];
  to: readonly string[];
  dates: readonly IsoDate[];
  rates: Float64Array;
}

export interface CacheStats {
  priceHits: number;
  priceMisses: number;
  fxHits: number;
  fxMisses: number;
}

/**
 * The series stage's columnar caches (issue 4): price series per security and FX quotes per currency pair,
 * as typed arrays, loaded lazily with one query per batch for everything missing, and kept across batches.
 * The stage drops an entry when it consumes the prices_changed / fx_changed event of it, before it reads: a
 * fact persisted before its event was consumed is seen at the latest when that event rebuilds from its date.
 * The cache lives in this process: another process running the series stage has its own, cold at start and
 * invalidated by the events it consumes itself.
 */
export class SeriesCache {
  private readonly prices = new Map<string, PriceSeries>();
  /** Cached securities whose prices from this date on must be read again. */
  private readonly staleFrom = new Map<string, IsoDate>();
  private readonly fx = new Map<string, PairQuotes>();
  /** Converters by currency set and pivot; any FX invalidation clears them all. */
  private readonly converters = new Map<string, FxConverter>();
  readonly stats: CacheStats = { priceHits: 0, priceMisses: 0, fxHits: 0, fxMisses: 0 };

  private readonly converterOf: (quotes: FxQuote[], pivot: string) => FxConverter;
  private readonly enabled: boolean;

  constructor(converterOf: (quotes: FxQuote[], pivot: string) => FxConverter, enabled = true) {
    this.converterOf = converterOf;
    this.enabled = enabled;
  }

  /**
   * Drops a security's prices from `fromDate` on (all of them without a date): the next load reads only that
   * tail. A new price day then reloads one row per security, not its whole history.
   */
  invalidatePrice(securityId: string, fromDate?: IsoDate): void {
    if (fromDate === undefined || !this.prices.has(securityId)) {
      this.prices.delete(securityId);
      this.staleFrom.delete(securityId);
      return;
    }
    const seen = this.staleFrom.get(securityId);
    if (seen === undefined || fromDate < seen) this.staleFrom.set(securityId, fromDate);
  }

  invalidateFx(a: string, b: string): void {
    this.fx.delete(unorderedPairKey(a, b));
    this.converters.clear();
  }

  clear(): void {
    this.prices.clear();
    this.staleFrom.clear();
    this.fx.clear();
    this.converters.clear();
  }

  /** Loads the price series of the securities not cached yet, and the stale tails of cached ones, in one query. */
  async loadPrices(tx: Sql, securityIds: Iterable<string>): Promise<void> {
    if (!this.enabled) this.clear();
    const wanted = [...new Set(securityIds)];
    const reads = wanted
      .filter((s) => !this.prices.has(s) || this.staleFrom.has(s))
      .map((s) => ({ security_id: s, from: this.prices.has(s) ? (this.staleFrom.get(s) ?? null) : null }));
    this.stats.priceMisses += reads.length;
    this.stats.priceHits += wanted.length - reads.length;
    if (reads.length === 0) return;
    const bySecurity = new Map<string, PriceRow[]>();
    for (const r of await pricesOf(tx, reads)) {
      const list = bySecurity.get(r.security_id);
      if (list) list.push(r);
      else bySecurity.set(r.security_id, [r]);
    }
    for (const { security_id, from } of reads) {
      const tail = bySecurity.get(security_id) ?? [];
      const cached = from === null ? undefined : this.prices.get(security_id);
      const keep = cached ? cached.dates.findIndex((d) => d >= (from as IsoDate)) : 0;
      const head = cached ? (keep < 0 ? cached.dates.length : keep) : 0;
      this.prices.set(security_id, {
        dates: [...(cached?.dates.slice(0, head) ?? []), ...tail.map((r) => r.price_date)],
        prices: Float64Array.from([...(cached?.prices.subarray(0, head) ?? []), ...tail.map((r) => r.price)]),
        currencies: [...(cached?.currencies.slice(0, head) ?? []), ...tail.map((r) => r.currency)],
      });
      this.staleFrom.delete(security_id);
    }
  }

  price(securityId: string): PriceSeries | undefined {
    const series = this.prices.get(securityId);
    return series && series.dates.length > 0 ? series : undefined;
  }

  /** The price currencies of a security (they may differ from the instrument's). */
  priceCurrencies(securityId: string): string[] {
    return [...new Set(this.prices.get(securityId)?.currencies ?? [])];
  }

  /**
   * Loads the quotes among each currency set (with the pivot) not cached yet, in one query, and returns a
   * converter per set.
   */
  async loadConverters(
    tx: Sql,
    currencySets: ReadonlyArray<ReadonlySet<string>>,
    pivot: string,
  ): Promise<FxConverter[]> {
    if (!this.enabled) {
      this.fx.clear();
      this.converters.clear();
    }
    const sets = currencySets.map((s) => [...new Set([...s, pivot])].sort());
    const wanted = new Map<string, readonly [string, string]>();
    for (const set of sets) {
      for (let i = 0; i < set.length; i++) {
        for (let j = i + 1; j < set.length; j++)
          wanted.set(unorderedPairKey(set[i]!, set[j]!), [set[i]!, set[j]!]);
      }
    }
    const missing = [...wanted.entries()].filter(([k]) => !this.fx.has(k));
    this.stats.fxMisses += missing.length;
    this.stats.fxHits += wanted.size - missing.length;
    if (missing.length > 0) {
      const rows = await fxQuotesOf(
        tx,
        missing.map(([, p]) => p),
      );
      const byPair = new Map<string, typeof rows>();
      for (const r of rows) {
        const k = unorderedPairKey(r.from_currency, r.to_currency);
        const list = byPair.get(k);
        if (list) list.push(r);
        else byPair.set(k, [r]);
      }
      for (const [k] of missing) {
        const list = byPair.get(k) ?? [];
        this.fx.set(k, {
          from: list.map((r) => r.from_currency),
          to: list.map((r) => r.to_currency),
          dates: list.map((r) => r.rate_date),
          rates: Float64Array.from(list, (r) => r.rate),
        });
      }
    }
    return sets.map((set) => {
      const id = `${pivot}|${set.join(',')}`;
      let converter = this.converters.get(id);
      if (!converter) {
        const quotes: FxQuote[] = [];
        for (let i = 0; i < set.length; i++) {
          for (let j = i + 1; j < set.length; j++) {
            const q = this.fx.get(unorderedPairKey(set[i]!, set[j]!));
            if (!q) continue;
            for (let n = 0; n < q.dates.length; n++) {
              quotes.push({ from: q.from[n]!, to: q.to[n]!, date: q.dates[n]!, rate: q.rates[n]! });
            }
          }
        }
        converter = this.converterOf(quotes, pivot);
        this.converters.set(id, converter);
      }
      return converter;
    });
  }
}
