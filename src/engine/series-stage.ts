import { dateOfDay, dayNumber } from '../domain/dates.ts';
import type { SeriesCalendar } from '../domain/default-calendar.ts';
import { instrumentOrImplicit } from '../domain/positions/auto-cash.ts';
import { isCashInstrument } from '../domain/positions/rules.ts';
import type { IsoDate } from '../domain/records/types.ts';
import { fxConverterOf } from '../domain/valuation/fx-converter.ts';
import { valuePortfolio } from '../domain/valuation/series.ts';
import type {
  CashflowPoint,
  FxConverter,
  FxQuote,
  HistoryPoint,
  PortfolioInput,
  PortfolioSeries,
} from '../domain/valuation/types.ts';
import type { LogRecord } from '../log/log.ts';
import { seriesCalendar } from '../store/calendar.ts';
import type { Sql } from '../store/db.ts';
import { instrumentTermsOf } from '../store/position-facts.ts';
import { type SeriesWrite, writeSeries } from '../store/series.writer.ts';
import {
  blockedKeysOf,
  cashflowsOf,
  firstActivityOf,
  historyOf,
  lockPortfolios,
  portfoliosOfFx,
  portfoliosOfInstruments,
  portfoliosOfPrices,
  portfoliosToExtend,
  type Reached,
  refreshHoldings,
} from '../store/series-facts.ts';
import { pacer } from './pacer.ts';
import { SeriesCache } from './series-cache.ts';
import { portfolioSubject, type Stage, type StageSubject } from './stage.ts';
import { type FxChanged, ofTopic, type PricesChanged, TOPICS } from './topics.ts';
import { subscriptionOf } from './topology.ts';

export const SERIES_GROUP = 'series';

export interface SeriesStageOptions {
  /** Pivot currency of triangulated FX conversions (PAS_FX_PIVOT, default USD). */
  pivot?: string;
  /** The engine; replaceable in tests. */
  value?: (input: PortfolioInput) => PortfolioSeries;
  converterOf?: (quotes: FxQuote[], pivot: string) => FxConverter;
  /** Keep price and FX caches across batches (default true; false reloads every batch: measurements). */
  cache?: boolean;
  /** Told what each handled batch built. */
  onBuilt?: (stats: { portfolios: number; rows: number; seconds: number }) => void;
}

/**
 * Rebuild requests: per portfolio, the window of days to rewrite — from the earliest date (null: its first
 * activity) to the latest (null: the latest business date; a price restatement changes the days up to the
 * security's next price only) — and the securities whose position rows change (null: every one). A
 * portfolio's totals are always rewritten over the window.
 */
class Requests {
  readonly from = new Map<string, IsoDate | null>();
  readonly to = new Map<string, IsoDate | null>();
  readonly securities = new Map<string, Set<string> | null>();
  add(
    portfolioId: string,
    from: IsoDate | null,
    securities: readonly string[] | null = null,
    to: IsoDate | null = null,
  ): void {
    this.addSecurities(portfolioId, securities);
    const seenTo = this.to.get(portfolioId);
    if (!this.to.has(portfolioId) || (seenTo !== null && (to === null || to > (seenTo as IsoDate)))) {
      this.to.set(portfolioId, to);
    }
    if (!this.from.has(portfolioId)) {
      this.from.set(portfolioId, from);
      return;
    }
    const seen = this.from.get(portfolioId) ?? null;
    if (seen === null) return;
    if (from === null || from < seen) this.from.set(portfolioId, from);
  }
  private addSecurities(portfolioId: string, securities: readonly string[] | null): void {
    const seen = this.securities.get(portfolioId);
    if (seen === null) return;
    if (securities === null) this.securities.set(portfolioId, null);
    else if (seen === undefined) this.securities.set(portfolioId, new Set(securities));
    else for (const s of securities) seen.add(s);
  }
  addAll(reached: readonly Reached[]): void {
    for (const r of reached) this.add(r.portfolio_id, r.from_date, r.security_ids ?? null, r.to_date ?? null);
  }
  securitiesOf(portfolioId: string): string[] | null {
    const set = this.securities.get(portfolioId);
    return set ? [...set].sort() : null;
  }
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

const keyOf = (r: { portfolio_id: string; security_id: string }) => `${r.portfolio_id}\u0000${r.security_id}`;

/**
 * A portfolio's positions change blocks its keys (its series could not be built); a price, rate, calendar or
 * instrument change reaches many portfolios and blocks none: its quarantine row stays visible.
 */
function subjectOf(record: LogRecord): StageSubject {
  const v = (record.value ?? {}) as Record<string, unknown>;
  switch (record.topic) {
    case TOPICS.positionsChanged:
      return portfolioSubject(String(v.portfolio_id));
    case TOPICS.pricesChanged:
    case TOPICS.instrumentsChanged:
      return { subject: `${record.topic}:${String(v.security_id)}`, security_id: String(v.security_id) };
    default:
      return { subject: `${record.topic}:${record.key}` };
  }
}

/**
 * The series stage (issue 4, design §4): per batch, the portfolios its events reach, coalesced to the earliest
 * date per portfolio — positions_changed names one; a price or FX change fans out through the holdings index
 * (no epoch change: the positions did not change); a new business date extends every portfolio from its last
 * built day; an instrument change rebuilds its holders from their first date. Each portfolio's facts are read
 * once per batch (set-based over all its portfolios), valued whole by the pure engine (valuePortfolio) and its
 * rows from the date on replaced, set-based. Jobs complete once this stage has consumed their events: the
 * series derived from them are then written. Emits nothing (yet).
 */
export function createSeriesStage(options: SeriesStageOptions = {}): Stage {
  const { topics } = subscriptionOf(SERIES_GROUP);
  const pivot = options.pivot ?? 'USD';
  const value = options.value ?? valuePortfolio;
  const cache = new SeriesCache(
    options.converterOf ?? ((quotes, p) => fxConverterOf(quotes, p)),
    options.cache ?? true,
  );
  return {
    group: SERIES_GROUP,
    topics,
    subjectOf,
    async handle(ctx, batch) {
      const started = performance.now();
      const calendar = await seriesCalendar(ctx.tx);
      const lastDay = calendar.last_day;
      const requests = await reachesOf(ctx.tx, batch, cache, calendar);
      const ids = [...requests.from.keys()].sort();
      const portfolios = await lockPortfolios(ctx.tx, ids);
      const writes = await buildAll(ctx.tx, portfolios, requests, lastDay, { cache, pivot, value });
      const rows = await writeSeries(ctx.tx, writes);
      const seconds = (performance.now() - started) / 1000;
      options.onBuilt?.({ portfolios: writes.length, rows, seconds });
      ctx.log.info(
        {
          events: batch.length,
          portfolios: writes.length,
          rows,
          last_day: lastDay,
          ms: Math.round(seconds * 1000),
        },
        'series built',
      );
    },
  };
}

/** The portfolios the batch reaches, with the date to rebuild each from. One query per kind of event. */
async function reachesOf(
  tx: Sql,
  batch: readonly LogRecord[],
  cache: SeriesCache,
  calendar: SeriesCalendar,
): Promise<Requests> {
  const requests = new Requests();
  const changedPortfolios = new Set<string>();
  const prices: PricesChanged[] = [];
  const fx: FxChanged[] = [];
  const instruments = new Set<string>();
  let extend = false;
  for (const raw of batch) {
    const record = ofTopic(raw);
    switch (record.topic) {
      case TOPICS.positionsChanged: {
        const v = record.value;
        requests.add(v.portfolio_id, v.from_date, v.security_ids ?? null);
        changedPortfolios.add(v.portfolio_id);
        break;
      }
      case TOPICS.pricesChanged: {
        const v = record.value;
        cache.invalidatePrice(v.security_id, v.from_date);
        prices.push(v);
        break;
      }
      case TOPICS.fxChanged: {
        const v = record.value;
        cache.invalidateFx(v.from_currency, v.to_currency);
        fx.push(v);
        break;
      }
      case TOPICS.businessDatesChanged:
        if (record.value.calendar_code === 'GLOBAL') extend = true;
        break;
      case TOPICS.instrumentsChanged:
        instruments.add(record.value.security_id);
        break;
    }
  }
  // The index first: a price of this batch must reach a position this batch opened.
  await refreshHoldings(tx, [...changedPortfolios]);
  requests.addAll(await portfoliosOfPrices(tx, prices));
  requests.addAll(await portfoliosOfFx(tx, fx));
  requests.addAll(await portfoliosOfInstruments(tx, [...instruments]));
  // On the default calendar any new fact may move the last day: every portfolio not ending on it follows.
  if ((extend || calendar.source === 'DEFAULT_WEEKDAYS') && calendar.last_day !== null) {
    requests.addAll(await portfoliosToExtend(tx, calendar.last_day));
  }
  return requests;
}

interface BuildContext {
  cache: SeriesCache;
  pivot: string;
  value: (input: PortfolioInput) => PortfolioSeries;
}

async function buildAll(
  tx: Sql,
  portfolios: ReadonlyArray<{ portfolio_id: string; base_currency: string }>,
  requests: Requests,
  lastDay: IsoDate | null,
  { cache, pivot, value }: BuildContext,
): Promise<SeriesWrite[]> {
  if (portfolios.length === 0) return [];
  const from = (id: string) => requests.from.get(id) ?? null;
  const to = (id: string) => requests.to.get(id) ?? null;
  if (lastDay === null) {
    // Nothing to build without a business date; whatever was built stays until one arrives.
    return [];
  }
  const ids = portfolios.map((p) => p.portfolio_id);
  // A portfolio rebuilt from a date is valued from the day before it (see below): its facts are read from then.
  const dayBefore = (id: string): IsoDate | null => {
    const f = from(id);
    return f === null ? null : dateOfDay(dayNumber(f) - 1);
  };
  const reads = ids.map((portfolio_id) => ({ portfolio_id, from: dayBefore(portfolio_id) }));
  const history = groupBy(await historyOf(tx, reads), (r) => r.portfolio_id);
  const firstDays = new Map((await firstActivityOf(tx, ids)).map((r) => [r.portfolio_id, r.first_date]));
  const cashflows = groupBy(await cashflowsOf(tx, reads), keyOf);
  const blocked = new Map((await blockedKeysOf(tx, ids)).map((b) => [keyOf(b), b.blocked_from]));
  const securities = new Set<string>();
  for (const rows of history.values()) for (const r of rows) securities.add(r.security_id);
  const instruments = new Map((await instrumentTermsOf(tx, [...securities])).map((i) => [i.security_id, i]));
  await cache.loadPrices(tx, securities);

  const inputs: Array<Omit<PortfolioInput, 'fx'> & { currencies: Set<string> }> = [];
  const writes: SeriesWrite[] = [];
  const pace = pacer();
  for (const p of portfolios) {
    await pace();
    const rows = history.get(p.portfolio_id) ?? [];
    const byKey = groupBy(rows, (r) => r.security_id);
    // The first day of activity comes from the whole history, not the rows read (those start near `from`).
    const firstDay = firstDays.get(p.portfolio_id) ?? null;
    const currencies = new Set<string>([p.base_currency]);
    const positions = [...byKey.entries()].map(([securityId, keyRows]) => {
      const instrument = instrumentOrImplicit(securityId, instruments.get(securityId));
      if (instrument) currencies.add(instrument.currency);
      for (const c of cache.priceCurrencies(securityId)) currencies.add(c);
      const historyPoints: HistoryPoint[] = keyRows.map((r) => ({
        position_date: r.position_date,
        quantity: r.quantity,
        cost_basis: r.cost_basis,
        cost_basis_local: r.cost_basis_local,
      }));
      const flows: CashflowPoint[] = (
        cashflows.get(keyOf({ portfolio_id: p.portfolio_id, security_id: securityId })) ?? []
      ).map((c) => ({
        cashflow_date: c.cashflow_date,
        transaction_type: c.transaction_type,
        classification: c.classification,
        timing: c.timing,
        amount: c.amount,
        currency: c.currency,
        amount_base: c.amount_base,
        is_position_flow: c.is_position_flow,
        is_portfolio_flow: c.is_portfolio_flow,
        realized_gain_loss: c.realized_gain_loss,
      }));
      return {
        security_id: securityId,
        instrument: instrument
          ? { currency: instrument.currency, is_cash: isCashInstrument(instrument) }
          : null,
        history: historyPoints,
        cashflows: flows,
        blocked_from: blocked.get(keyOf({ portfolio_id: p.portfolio_id, security_id: securityId })) ?? null,
      };
    });
    if (firstDay === null || firstDay > lastDay) {
      // No activity through the latest business date: the portfolio has no series (any stale rows go).
      writes.push({
        portfolio_id: p.portfolio_id,
        from: null,
        to: null,
        securities: null,
        positions: [],
        portfolio: [],
      });
      continue;
    }
    // Only the days from the rebuild date are written; valuing from the day before it is enough, because a
    // day's state is looked up (last position row, latest price, rate on or before it), and that day's close
    // is the rebuild date's opening value. A new business day then values one day, not the whole history.
    const valueFrom = dayBefore(p.portfolio_id);
    const valueTo = to(p.portfolio_id);
    inputs.push({
      portfolio_id: p.portfolio_id,
      base_currency: p.base_currency,
      first_day: valueFrom !== null && valueFrom > firstDay ? valueFrom : firstDay,
      last_day: valueTo !== null && valueTo < lastDay ? valueTo : lastDay,
      positions,
      prices: (s) => cache.price(s),
      currencies,
    });
  }
  const converters = await cache.loadConverters(
    tx,
    inputs.map((i) => i.currencies),
    pivot,
  );
  for (const [n, { currencies: _, ...input }] of inputs.entries()) {
    await pace();
    const series = value({ ...input, fx: converters[n]! });
    writes.push({
      portfolio_id: input.portfolio_id,
      from: from(input.portfolio_id),
      to: to(input.portfolio_id),
      securities: requests.securitiesOf(input.portfolio_id),
      ...series,
    });
  }
  return writes;
}
