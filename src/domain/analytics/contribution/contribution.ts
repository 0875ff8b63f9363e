import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import { linkReturns } from '../returns/linking.ts';
import type { DailyReturn } from '../returns/types.ts';
import { linkingFactors } from './linking.ts';
import { negligibleNext, returnOnCapital } from './segments.ts';
import type { ActiveDay, DayBook, Linking } from './types.ts';

/** A position's (or a group's) figures over the period. */
export interface ContributionFigures {
  /** Mean over the period's active days of the daily weight capital_i / Σ capital (0 on days not held). */
  average_weight: Figure;
  /** Its own time-weighted return over the days it had capital at work. */
  return: Figure;
  /** Its linked contribution to the portfolio's return. */
  contribution: Figure;
  /** Σ of its daily gains, base currency. */
  gain_loss: Figure;
}

export interface PositionContribution extends ContributionFigures {
  security_id: string;
}

export interface GroupContribution extends ContributionFigures {
  key: string;
  security_ids: string[];
}

export interface ContributionResult {
  portfolio_return: Figure;
  total_contribution: Figure;
  /** portfolio_return − total_contribution. */
  residual: Figure;
  /** Days on which the portfolio had capital at work. */
  active_days: number;
  positions: PositionContribution[];
  groups: GroupContribution[] | null;
}

export interface ContributionOptions {
  linking: Linking;
  /** The group of each security (group_by); none: no grouping. */
  groupOf?: (securityId: string) => string;
}

interface Accumulator {
  weightSum: number;
  contribution: number;
  gain: number;
  daily: DailyReturn[];
}

const newAccumulator = (): Accumulator => ({ weightSum: 0, contribution: 0, gain: 0, daily: [] });

/** The ids by group, in the order first met (Map.groupBy is ES2024). */
function groupIds(ids: readonly string[], groupOf: (id: string) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const key = groupOf(id);
    const list = out.get(key);
    if (list === undefined) out.set(key, [id]);
    else list.push(id);
  }
  return out;
}

function figuresOf(acc: Accumulator, activeDays: number): ContributionFigures {
  return {
    average_weight: figureOf(acc.weightSum / activeDays),
    return: linkReturns(acc.daily),
    contribution: figureOf(acc.contribution),
    gain_loss: figureOf(acc.gain),
  };
}

function failed(
  reason: string,
  securityIds: readonly string[],
  groupOf?: (id: string) => string,
): ContributionResult {
  const none = undefinedBecause(reason);
  const figures = { average_weight: none, return: none, contribution: none, gain_loss: none };
  const groups = groupOf
    ? [...groupIds(securityIds, groupOf)].map(([key, ids]) => ({ key, security_ids: ids, ...figures }))
    : null;
  return {
    portfolio_return: none,
    total_contribution: none,
    residual: none,
    active_days: 0,
    positions: securityIds.map((security_id) => ({ security_id, ...figures })),
    groups,
  };
}

/** Adds one day of a position (or group) to its accumulator. */
function addDay(acc: Accumulator, day: ActiveDay, capital: number, gain: number, factor: number): void {
  acc.weightSum += capital / day.positions_capital;
  acc.contribution += (gain / day.capital) * factor;
  acc.gain += gain;
  acc.daily.push(returnOnCapital(day.date, capital, gain, negligibleNext(day.capital)));
}

/**
 * Contribution to return per position (and per group) over the period of the day book:
 *
 *   daily weight        w_i,t = capital_i,t / Σ_j capital_j,t
 *   daily return        r_i,t = gain_i,t / capital_i,t
 *   daily contribution  c_i,t = gain_i,t / C_t           (C_t: the portfolio's TWR capital base)
 *
 * With Σ_j capital_j,t = C_t (every ordinary day, see capitalAtWork), c_i,t = w_i,t × r_i,t and
 * Σ_i c_i,t = Σ_i gain_i,t / C_t = R_t, the portfolio's daily return. Contributions are linked over the
 * period (`linking`, with B = 0) so that Σ_i C_i = Π(1+R_t) − 1, the portfolio's TWR; what the data leave
 * unexplained (money moved between positions that does not net to 0) is the residual. `securityIds`: every
 * position to report, whether or not it had capital at work.
 */
export function computeContribution(
  book: DayBook,
  securityIds: readonly string[],
  options: ContributionOptions,
): ContributionResult {
  const { groupOf } = options;
  if (!book.ok) return failed(book.reason, securityIds, groupOf);
  const days = book.days;
  const bad = days.find((d) => !(d.positions_capital > 0));
  if (bad !== undefined) {
    return failed(`the positions' capital at work on ${bad.date} is not positive`, securityIds, groupOf);
  }
  const linked = linkingFactors(
    days.map((d) => d.portfolio_return),
    days.map(() => 0),
    options.linking,
  );
  if (!linked.ok) return failed(linked.reason, securityIds, groupOf);

  const positions = new Map<string, Accumulator>(securityIds.map((id) => [id, newAccumulator()]));
  const groups = new Map<string, Accumulator>();
  days.forEach((day, t) => {
    const factor = linked.factors[t]!;
    const byGroup = new Map<string, { capital: number; gain: number }>();
    for (const p of day.positions) {
      let acc = positions.get(p.security_id);
      if (acc === undefined) {
        acc = newAccumulator();
        positions.set(p.security_id, acc);
      }
      addDay(acc, day, p.capital, p.gain, factor);
      if (groupOf) {
        const key = groupOf(p.security_id);
        const g = byGroup.get(key) ?? { capital: 0, gain: 0 };
        g.capital += p.capital;
        g.gain += p.gain;
        byGroup.set(key, g);
      }
    }
    for (const [key, g] of byGroup) {
      let acc = groups.get(key);
      if (acc === undefined) {
        acc = newAccumulator();
        groups.set(key, acc);
      }
      addDay(acc, day, g.capital, g.gain, factor);
    }
  });

  const n = days.length;
  const positionResults = [...positions]
    .map(([security_id, acc]) => ({ security_id, ...figuresOf(acc, n) }))
    .sort((a, b) => (a.security_id < b.security_id ? -1 : a.security_id > b.security_id ? 1 : 0));
  let groupResults: GroupContribution[] | null = null;
  if (groupOf) {
    const members = groupIds(
      positionResults.map((p) => p.security_id),
      groupOf,
    );
    groupResults = [...members]
      .map(([key, ids]) => {
        const acc = groups.get(key) ?? newAccumulator();
        // A group's contribution is the sum of its members', so that groups add up exactly as positions do.
        const inGroup = new Set(ids);
        const contribution = positionResults
          .filter((p) => inGroup.has(p.security_id))
          .reduce((s, p) => s + (p.contribution.value ?? 0), 0);
        return { key, security_ids: ids, ...figuresOf({ ...acc, contribution }, n) };
      })
      .sort((a, b) => (b.contribution.value ?? 0) - (a.contribution.value ?? 0) || (a.key < b.key ? -1 : 1));
  }
  const total = positionResults.reduce((s, p) => s + (p.contribution.value ?? 0), 0);
  const portfolioReturn = book.portfolio_return;
  return {
    portfolio_return: portfolioReturn,
    total_contribution: figureOf(total),
    residual: portfolioReturn.value === null ? portfolioReturn : figureOf(portfolioReturn.value - total),
    active_days: n,
    positions: positionResults,
    groups: groupResults,
  };
}
