import {
  autoCashKeyOf,
  autoCashTransactions,
  instrumentOrImplicit,
  settlesIntoCash,
} from '../domain/positions/auto-cash.ts';
import type {
  EngineTransaction,
  FxLookup,
  InstrumentTerms,
  PortfolioTerms,
  ReplayInput,
  ReplayResult,
} from '../domain/positions/types.ts';
import { transactionsOfPortfolios } from '../store/auto-cash-facts.ts';
import type { Sql } from '../store/db.ts';
import { instrumentTermsOf, type PositionKey, portfolioTermsOf } from '../store/position-facts.ts';
import type { Reach } from './position-plan.ts';

/**
 * How the position stage runs cash mode AUTO (the rules are in src/domain/positions/auto-cash.ts): the cash
 * key CASH_<BASE> of an AUTO portfolio books a leg for every transaction of the portfolio's other keys, so
 * whatever reaches one of those keys reaches the cash key too, from the same date.
 */

/** The cash keys the batch's reaches imply: one per reach of an AUTO portfolio's other keys. */
export async function autoCashReaches(tx: Sql, reaches: readonly Reach[]): Promise<Reach[]> {
  const ids = [...new Set(reaches.map((r) => r.portfolio_id))];
  const cashKeys = new Map((await portfolioTermsOf(tx, ids)).map((p) => [p.portfolio_id, autoCashKeyOf(p)]));
  return reaches.flatMap((r) => {
    const cashKey = cashKeys.get(r.portfolio_id);
    if (cashKey == null || cashKey === r.security_id) return [];
    // The reach's epoch fences the key it was produced for, not the cash key.
    return [{ portfolio_id: r.portfolio_id, security_id: cashKey, from: r.from, by: r.by }];
  });
}

/** The settlement sources of the AUTO cash keys among the keys to replay, per portfolio. */
export async function autoCashSourcesOf(
  tx: Sql,
  keys: readonly PositionKey[],
  portfolios: ReadonlyMap<string, PortfolioTerms>,
): Promise<Map<string, EngineTransaction[]>> {
  const ids = [
    ...new Set(
      keys
        .filter((k) => autoCashKeyOf(portfolios.get(k.portfolio_id)) === k.security_id)
        .map((k) => k.portfolio_id),
    ),
  ];
  const all = await transactionsOfPortfolios(tx, ids);
  const instruments = new Map(
    (await instrumentTermsOf(tx, [...new Set(all.map((t) => t.security_id))])).map((i) => [i.security_id, i]),
  );
  const sources = new Map<string, EngineTransaction[]>(ids.map((id) => [id, []]));
  for (const t of all) {
    if (settlesIntoCash(t.security_id, instruments.get(t.security_id) ?? null))
      sources.get(t.portfolio_id)!.push(t);
  }
  return sources;
}

/**
 * Replays one key. An AUTO portfolio's cash key replays its own transactions with the settlement legs and
 * fundings; a leg that cannot be converted (no FX rate) blocks it at its source transaction. Returns the
 * result and the transactions it was dated by (the blocking source included).
 */
export function replayWithAutoCash(
  key: PositionKey,
  facts: {
    own: readonly EngineTransaction[];
    portfolio: PortfolioTerms | null;
    instrument: InstrumentTerms | undefined;
    sources: ReadonlyMap<string, EngineTransaction[]>;
    fx: FxLookup;
  },
  replay: (input: ReplayInput) => ReplayResult,
): { result: ReplayResult; transactions: readonly EngineTransaction[] } {
  const instrument = instrumentOrImplicit(key.security_id, facts.instrument);
  const input = { ...key, portfolio: facts.portfolio, instrument, fx: facts.fx };
  const sources = facts.sources.get(key.portfolio_id);
  if (
    facts.portfolio === null ||
    autoCashKeyOf(facts.portfolio) !== key.security_id ||
    sources === undefined
  ) {
    return { result: replay({ ...input, transactions: facts.own }), transactions: facts.own };
  }
  const auto = autoCashTransactions({ portfolio: facts.portfolio, own: facts.own, sources, fx: facts.fx });
  const result = replay({ ...input, transactions: auto.transactions });
  if (auto.blocked === null || auto.blockedSource === null || result.blocked !== null) {
    return { result, transactions: auto.transactions };
  }
  return {
    result: { ...result, blocked: auto.blocked },
    transactions: [...auto.transactions, auto.blockedSource],
  };
}
