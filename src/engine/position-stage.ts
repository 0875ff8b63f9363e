import { utcDate } from '../domain/positions/order.ts';
import { replayKey } from '../domain/positions/replay.ts';
import type {
  EngineTransaction,
  InstrumentTerms,
  PortfolioTerms,
  ReplayInput,
  ReplayResult,
} from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import type { LogRecord } from '../log/log.ts';
import type { Sql } from '../store/db.ts';
import {
  type FxChange,
  fxRatesOf,
  instrumentTermsOf,
  keysOfFxChanges,
  keysOfPortfolios,
  keysOfSecurities,
  type PositionKey,
  portfolioTermsOf,
  type ReachedKey,
  transactionsOfKeys,
} from '../store/position-facts.ts';
import { type KeyState, type KeyUpdate, lockKeys, updateKeys } from '../store/position-keys.ts';
import { type KeyWrite, writeReplays } from '../store/positions.writer.ts';
import { PROCESSING_ERROR, quarantinedKeysOf } from '../store/quarantine.ts';
import { autoCashReaches, autoCashSourcesOf, replayWithAutoCash } from './auto-cash-keys.ts';
import { ChangeEvents, type Contributor } from './change-events.ts';
import { fxLookupOf } from './fx-lookup.ts';
import { type JobProblem, recordJobProblems } from './jobs.ts';
import { pacer } from './pacer.ts';
import { coalesce, type KeyOutcome, keyText, outcomeOf, type Reach } from './position-plan.ts';
import { portfolioSubject, type Stage, type StageSubject } from './stage.ts';
import { ofTopic, type PositionsChanged, TOPICS, type TransactionsChanged } from './topics.ts';
import { subscriptionOf } from './topology.ts';

export const POSITIONS_GROUP = 'positions';

/** Blocked keys logged one by one per batch; GET /lineage/portfolios/{id}/keys?status=BLOCKED lists them all. */
const MAX_BLOCKED_LINES = 20;

export interface PositionStageOptions {
  /** The engine; replaceable in tests. */
  replay?: (input: ReplayInput) => ReplayResult;
  /** Told how many key replays each handled batch ran (the pas_position_replays_total counter). */
  onReplays?: (count: number) => void;
}

const contributorOf = (record: LogRecord, order: number): Contributor => ({
  jobIds: record.headers.job_ids ?? [],
  correlationId: record.headers.correlation_id,
  order,
});

/**
 * The keys each event of the batch reaches, with the date to rebuild them from. A transaction change names
 * its key; a portfolio or instrument change reaches every key of it from the beginning (cost method, base
 * currency or cash-ness may have changed); an FX change reaches the keys that read that pair from its date.
 * One query per kind of event.
 */
async function reachesOf(tx: Sql, batch: readonly LogRecord[]): Promise<Reach[]> {
  const reaches: Reach[] = [];
  const portfolios: Array<{ id: string; by: Contributor }> = [];
  const securities: Array<{ id: string; by: Contributor }> = [];
  const fx: Array<{ change: FxChange; by: Contributor }> = [];
  batch.forEach((raw, order) => {
    const by = contributorOf(raw, order);
    const record = ofTopic(raw);
    switch (record.topic) {
      case TOPICS.transactionsChanged: {
        const v = record.value;
        reaches.push({
          portfolio_id: v.portfolio_id,
          security_id: v.security_id,
          from: v.from_date,
          epoch: record.headers.epoch,
          by,
        });
        break;
      }
      case TOPICS.portfoliosChanged:
        portfolios.push({ id: record.value.portfolio_id, by });
        break;
      case TOPICS.instrumentsChanged:
        securities.push({ id: record.value.security_id, by });
        break;
      case TOPICS.fxChanged:
        fx.push({ change: record.value, by });
        break;
    }
  });
  const fromTheStart = (events: ReadonlyArray<{ by: Contributor }>) => (k: ReachedKey) =>
    reaches.push({
      portfolio_id: k.portfolio_id,
      security_id: k.security_id,
      from: null,
      by: events[k.event]!.by,
    });
  (
    await keysOfPortfolios(
      tx,
      portfolios.map((p) => p.id),
    )
  ).forEach(fromTheStart(portfolios));
  (
    await keysOfSecurities(
      tx,
      securities.map((s) => s.id),
    )
  ).forEach(fromTheStart(securities));
  for (const k of await keysOfFxChanges(
    tx,
    fx.map((f) => f.change),
  )) {
    const event = fx[k.event]!;
    reaches.push({
      portfolio_id: k.portfolio_id,
      security_id: k.security_id,
      from: event.change.from_date,
      by: event.by,
    });
  }
  reaches.push(...(await autoCashReaches(tx, reaches)));
  return reaches;
}

/** The facts of the keys to replay, loaded once for the whole batch. */
interface BatchFacts {
  transactions: Map<string, EngineTransaction[]>;
  portfolios: Map<string, PortfolioTerms>;
  instruments: Map<string, InstrumentTerms>;
  /** Per AUTO portfolio whose cash key is replayed: the transactions that settle into it. */
  sources: Map<string, EngineTransaction[]>;
  fx: ReplayInput['fx'];
}

async function factsOf(tx: Sql, keys: readonly PositionKey[]): Promise<BatchFacts> {
  const transactions = new Map<string, EngineTransaction[]>();
  for (const t of await transactionsOfKeys(tx, keys)) {
    const id = keyText(t);
    const list = transactions.get(id);
    if (list) list.push(t);
    else transactions.set(id, [t]);
  }
  const portfolioIds = [...new Set(keys.map((k) => k.portfolio_id))];
  const securityIds = [...new Set(keys.map((k) => k.security_id))];
  const portfolios = new Map((await portfolioTermsOf(tx, portfolioIds)).map((p) => [p.portfolio_id, p]));
  const instruments = new Map((await instrumentTermsOf(tx, securityIds)).map((i) => [i.security_id, i]));
  const sources = await autoCashSourcesOf(tx, keys, portfolios);
  // The replay converts trade-currency amounts into the base currency: load exactly those pairs.
  const pairs = new Map<string, { from: string; to: string }>();
  for (const list of [...transactions.values(), ...sources.values()]) {
    for (const t of list) {
      const base = portfolios.get(t.portfolio_id)?.base_currency;
      if (base !== undefined && base !== t.trade_currency) {
        pairs.set(`${t.trade_currency}/${base}`, { from: t.trade_currency, to: base });
      }
    }
  }
  const fx = fxLookupOf(await fxRatesOf(tx, [...pairs.values()]));
  return { transactions, portfolios, instruments, sources, fx };
}

/** The UTC date of the transaction a replay stopped at, and of the key's first transaction. */
function datesOf(transactions: readonly EngineTransaction[], blockedId: string | undefined) {
  let first: IsoDate | null = null;
  let blocked: IsoDate | null = null;
  for (const t of transactions) {
    const date = utcDate(t.transaction_date);
    if (first === null || date < first) first = date;
    if (t.transaction_id === blockedId) blocked = date;
  }
  return { first, blocked };
}

/**
 * A key some record still in quarantine is about stays BLOCKED with that record's error, whatever its replay
 * says: its derived rows lack what the quarantined record carries.
 */
async function holdQuarantinedKeys(tx: Sql, outcomes: ReadonlyArray<{ outcome: KeyOutcome }>): Promise<void> {
  const held = await quarantinedKeysOf(
    tx,
    outcomes.map((o) => o.outcome.update),
  );
  if (held.length === 0) return;
  const errorOf = new Map(held.map((h) => [keyText(h), h.error]));
  for (const { outcome } of outcomes) {
    const error = errorOf.get(keyText(outcome.update));
    if (error === undefined) continue;
    Object.assign(outcome.update, {
      status: 'BLOCKED',
      blocked_reason: PROCESSING_ERROR,
      blocked_transaction_id: null,
      blocked_detail: error,
    });
  }
}

/** The key is BLOCKED: a problem of every job whose records reached it. */
function problemsOf(update: KeyUpdate, contributors: readonly Contributor[]): JobProblem[] {
  const reason = `${update.blocked_reason}: ${update.blocked_detail}`;
  const jobs = new Set(contributors.flatMap((c) => c.jobIds));
  return [...jobs].map((job_id) => ({
    job_id,
    portfolio_id: update.portfolio_id,
    security_id: update.security_id,
    reason,
  }));
}

/** A key's change blocks the key; a portfolio's or instrument's all of its keys; an FX change none. */
function subjectOf(record: LogRecord): StageSubject {
  const v = (record.value ?? {}) as Record<string, unknown>;
  switch (record.topic) {
    case TOPICS.transactionsChanged:
      return {
        subject: `key:${keyText(record.value as TransactionsChanged)}`,
        portfolio_id: String(v.portfolio_id),
        security_id: String(v.security_id),
        blocks: true,
      };
    case TOPICS.portfoliosChanged:
      return portfolioSubject(String(v.portfolio_id));
    case TOPICS.instrumentsChanged:
      return {
        subject: `instrument:${String(v.security_id)}`,
        security_id: String(v.security_id),
        blocks: true,
      };
    default:
      return { subject: `${record.topic}:${record.key}` };
  }
}

/**
 * The position stage (design §4): per batch, the keys (portfolio, security) its events reach, coalesced to
 * the earliest date per key; each key locked, replayed once by the pure engine over all its current facts,
 * and its derived rows from that date rewritten, set-based. A rebuild before the key's watermark runs under
 * epoch + 1. A key that cannot go on (oversell, missing FX, portfolio or instrument) is BLOCKED with the
 * reason; the fact that fixes it reaches the key like any other change, so it resumes by itself.
 * Emits positions_changed per portfolio, from the earliest date rebuilt.
 */
export function createPositionStage(options: PositionStageOptions = {}): Stage {
  const { topics } = subscriptionOf(POSITIONS_GROUP);
  const replay = options.replay ?? replayKey;
  return {
    group: POSITIONS_GROUP,
    topics,
    subjectOf,
    async handle(ctx, batch) {
      const reaches = await reachesOf(ctx.tx, batch);
      const distinctKeys = new Map(reaches.map((r) => [keyText(r), r as PositionKey]));
      // Locked before anything is read: the epochs the stale check sees and the facts replayed are the ones
      // no other writer of these keys can change until this transaction ends.
      const states = new Map(
        (await lockKeys(ctx.tx, [...distinctKeys.values()])).map((s) => [keyText(s), s]),
      );
      const stateOf = (k: PositionKey): KeyState => {
        const s = states.get(keyText(k));
        if (!s) throw new Error(`position key ${keyText(k)} was not locked`);
        return s;
      };
      const { requests, stale } = coalesce(reaches, (k) => stateOf(k).epoch);
      for (const r of stale) {
        ctx.log.info(
          {
            portfolio_id: r.portfolio_id,
            security_id: r.security_id,
            event_epoch: r.epoch,
            epoch: stateOf(r).epoch,
          },
          'stale event dropped: produced under an older epoch of the key',
        );
      }

      const facts = await factsOf(ctx.tx, requests);
      const writes: KeyWrite[] = [];
      const outcomes: Array<{ outcome: KeyOutcome; contributors: readonly Contributor[] }> = [];
      const pace = pacer();
      for (const request of requests) {
        await pace();
        const { result, transactions } = replayWithAutoCash(
          request,
          {
            own: facts.transactions.get(keyText(request)) ?? [],
            portfolio: facts.portfolios.get(request.portfolio_id) ?? null,
            instrument: facts.instruments.get(request.security_id),
            sources: facts.sources,
            fx: facts.fx,
          },
          replay,
        );
        const dates = datesOf(transactions, result.blocked?.transaction_id);
        const outcome = outcomeOf(stateOf(request), request.from, result, dates.blocked, dates.first);
        writes.push({ ...request, from: outcome.cut, epoch: outcome.update.epoch, result });
        outcomes.push({ outcome, contributors: request.contributors });
      }
      await holdQuarantinedKeys(ctx.tx, outcomes);
      await writeReplays(ctx.tx, writes);
      await updateKeys(
        ctx.tx,
        outcomes.map((o) => o.outcome.update),
      );
      options.onReplays?.(requests.length);

      const events = new ChangeEvents();
      for (const { outcome, contributors } of outcomes) {
        if (outcome.changedFrom === null) continue;
        const { portfolio_id, security_id, epoch } = outcome.update;
        const value: PositionsChanged = {
          portfolio_id,
          from_date: outcome.changedFrom,
          security_ids: [security_id],
        };
        for (const by of contributors) {
          events.add({ topic: TOPICS.positionsChanged, key: portfolio_id, value: { ...value }, epoch }, by);
        }
      }
      const out = events.records();
      ctx.emit(out);
      const blocked = outcomes
        .filter((o) => o.outcome.update.status === 'BLOCKED')
        .map((o) => o.outcome.update);
      ctx.log.info(
        {
          events: batch.length,
          keys: requests.length,
          stale: stale.length,
          blocked: blocked.length,
          emitted: out.length,
        },
        'positions replayed',
      );
      await recordJobProblems(
        ctx.tx,
        outcomes.flatMap(({ outcome: { update }, contributors }) =>
          update.status === 'BLOCKED' ? problemsOf(update, contributors) : [],
        ),
      );
      // One line per blocked key, up to a bound: a portfolio that has not arrived blocks all its keys at once.
      for (const b of blocked.slice(0, MAX_BLOCKED_LINES)) {
        ctx.log.warn(
          {
            portfolio_id: b.portfolio_id,
            security_id: b.security_id,
            reason: b.blocked_reason,
            transaction_id: b.blocked_transaction_id,
            detail: b.blocked_detail,
          },
          'position key blocked; it resumes when the fact that fixes it arrives',
        );
      }
    },
  };
}
