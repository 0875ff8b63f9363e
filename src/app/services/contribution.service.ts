import { computeContribution } from '../../domain/analytics/contribution/contribution.ts';
import { buildDayBook } from '../../domain/analytics/contribution/day-book.ts';
import { LINKING_DESCRIPTIONS } from '../../domain/analytics/contribution/linking.ts';
import { segmentKey } from '../../domain/analytics/contribution/segments.ts';
import type {
  DayBook,
  GroupDimension,
  InstrumentAttributes,
  Linking,
} from '../../domain/analytics/contribution/types.ts';
import { type Figure, splitFigures } from '../../domain/analytics/figure.ts';
import { type WindowCompleteness, windowOf } from '../../domain/analytics/performance/series.ts';
import { type PeriodRequest, type ResolvedPeriod, resolvePeriod } from '../../domain/analytics/periods.ts';
import { addDays } from '../../domain/dates.ts';
import { attributesOf, UNCLASSIFIED_INSTRUMENT } from '../../domain/instrument-attributes.ts';
import type { Sql } from '../../store/db.ts';
import { portfolioSeriesOf } from '../../store/queries/analytics-series.queries.ts';
import { positionSeriesOf } from '../../store/queries/contribution.queries.ts';
import { portfolioAsOf } from './portfolio-request.ts';

// Contribution to return (POST /portfolios/{id}/contribution), and what attribution shares with it: the
// period's day book and how both write their figures.

/** The request fields contribution and attribution share. */
export interface PeriodBody {
  as_of_date?: string;
  period?: PeriodRequest;
  conventions?: { linking?: Linking };
}

/** The portfolio's period, its day book and its positions' attributes: what both routes compute on. */
export interface PeriodBook {
  portfolio_id: string;
  base_currency: string;
  as_of_date: string;
  period: Omit<ResolvedPeriod, 'breakdown'>;
  /** How complete the closes of the period are, said in the answer (issue 10). */
  completeness: WindowCompleteness;
  book: DayBook;
  /** Every position with a series row in the period, by security_id. */
  securityIds: string[];
  attributes: Map<string, InstrumentAttributes>;
}

/**
 * The period's daily series read once (the portfolio's as /performance reads it, from the close before the
 * start; the positions' over the period), resolved into the day book. 404 for an unknown portfolio.
 */
export async function loadPeriodBook(db: Sql, portfolioId: string, body: PeriodBody): Promise<PeriodBook> {
  const { terms, asOf: as_of_date } = await portfolioAsOf(db, portfolioId, body.as_of_date, 'as_of_date');
  const { breakdown: _breakdown, ...period } = resolvePeriod(body.period ?? { type: 'SI' }, {
    asOf: as_of_date,
    inception: terms.open_date,
  });
  const [series, positionRows] = await Promise.all([
    portfolioSeriesOf(db, portfolioId, addDays(period.start_date, -1), period.end_date),
    positionSeriesOf(db, portfolioId, period.start_date, period.end_date),
  ]);
  const book = buildDayBook(series, positionRows, period);
  const attributes = new Map<string, InstrumentAttributes>();
  for (const r of positionRows) {
    if (attributes.has(r.security_id)) continue;
    attributes.set(r.security_id, {
      security_id: r.security_id,
      name: r.name,
      ...attributesOf(r),
      is_cash: r.is_cash,
    });
  }
  return {
    portfolio_id: portfolioId,
    base_currency: terms.base_currency,
    as_of_date,
    period,
    completeness: windowOf(series, period.start_date, period.end_date).completeness,
    book,
    securityIds: [...attributes.keys()].sort(),
    attributes,
  };
}

/** The fields both answers open with: the portfolio, its period and how complete the period's closes are. */
export const periodHeader = (ctx: PeriodBook) => ({
  portfolio_id: ctx.portfolio_id,
  base_currency: ctx.base_currency,
  as_of_date: ctx.as_of_date,
  period: ctx.period,
  ...ctx.completeness,
});

/** The segment of each position along the dimension, from its instrument's attributes. */
export const segmenter =
  (attributes: ReadonlyMap<string, InstrumentAttributes>, dimension: GroupDimension) =>
  (securityId: string): string => {
    const a = attributes.get(securityId);
    return a === undefined ? 'UNCLASSIFIED' : segmentKey(a, dimension);
  };

/** Named figures as the API writes them: the values spread, and `null_reasons` for the nulls. */
export function figureFields<K extends string>(figures: Readonly<Record<K, Figure>>) {
  const { values, null_reasons } = splitFigures(figures);
  return { ...values, null_reasons };
}

/** The conventions both routes share. */
export function sharedConventions(linking: Linking) {
  return {
    currency: 'BASE',
    portfolio_return:
      'The TWR of the portfolio daily series as /portfolios/{id}/performance computes it: dailyReturn ' +
      '(flow_timing as_recorded, GROSS, fee_booking external_flow) linked geometrically; idle days left out.',
    flow_timing: 'as_recorded',
    net_or_gross: 'GROSS',
    fee_booking: 'external_flow',
    capital_at_work:
      "A security's BOD value plus its BOD flows (a purchase is invested all day). A cash position's BOD " +
      'value plus its external BOD flows (deposits) plus its internal EOD flows: the series books a ' +
      "trade's cash leg at the opposite timing to the trade, so cash paid for a purchase is taken out at " +
      'the open and cash received from a sale or income comes in at the close. The positions’ capital then ' +
      "adds up to the TWR's base C_t = BOD value + BOD external flows.",
    weight: 'w_i,t = capital_i,t / Σ_j capital_j,t (adds up to 1 every day).',
    linking,
    linking_formula: LINKING_DESCRIPTIONS[linking],
    cash:
      'Cash positions are positions: their weight counts, their gain (0 in the base currency, the FX move ' +
      'in another) is their contribution.',
    external_flows:
      "Deposits, withdrawals, transfers and fees booked on cash are the portfolio's external flows: they " +
      "change the capital base (C_t) and no position's gain. Money moved between positions (trades, income " +
      'paid to cash) is a flow out of one position and into another, so it is no gain either.',
    mid_period_positions:
      'A position bought in the period works from its purchase day, one sold to 0 until its sale day; on ' +
      'other days its weight and contribution are 0, and its return covers the days it was held. Income ' +
      'received after a sale still counts as its gain.',
    idle_days:
      'Days on which the portfolio had no capital at work (before the first deposit) are left out, as the ' +
      "TWR's linking leaves them out; average weights are over the active days.",
    unclassified: 'UNCLASSIFIED',
  } as const;
}

export type ContributionBody = PeriodBody & { group_by?: GroupDimension };

const RESIDUAL =
  'residual = portfolio_return − Σ contributions. It holds float rounding (≤ 1e-12 × (1 + |return|)) and ' +
  'money moved between positions that does not net to 0 (a cash leg booked for another amount than its ' +
  'trade, e.g. rounded to the cent): such an amount I on a day with base C_t adds I / C_t, linked, to it.';

/** A portfolio's contribution report over one period (docs/analytics/contribution-attribution.md); 404 if unknown. */
export async function contributionOf(db: Sql, portfolioId: string, body: ContributionBody) {
  const linking = body.conventions?.linking ?? 'grap';
  const groupBy = body.group_by ?? null;
  const ctx = await loadPeriodBook(db, portfolioId, body);
  const result = computeContribution(ctx.book, ctx.securityIds, {
    linking,
    ...(groupBy ? { groupOf: segmenter(ctx.attributes, groupBy) } : {}),
  });
  const { positions, groups, active_days, ...totals } = result;
  return {
    ...periodHeader(ctx),
    group_by: groupBy,
    ...figureFields(totals),
    active_days,
    positions: positions.map(({ security_id, ...figures }) => {
      const a = ctx.attributes.get(security_id);
      return {
        security_id,
        name: a?.name ?? null,
        ...attributesOf(a ?? UNCLASSIFIED_INSTRUMENT),
        is_cash: a?.is_cash ?? false,
        ...figureFields(figures),
      };
    }),
    groups:
      groups?.map(({ key, security_ids, ...figures }) => ({
        key,
        security_ids,
        ...figureFields(figures),
      })) ?? null,
    conventions: {
      ...sharedConventions(linking),
      daily_contribution:
        'c_i,t = gain_i,t / C_t, gain = EOD − BOD − flows into the position, C_t the TWR’s base; = w_i,t × ' +
        'r_i,t (r_i,t = gain_i,t / capital_i,t) whenever the positions’ capital adds up to C_t. Σ_i c_i,t = ' +
        "the portfolio's daily return R_t; linked with B_t = 0 so that Σ_i C_i = Π(1 + R_t) − 1.",
      residual: RESIDUAL,
    },
  };
}
