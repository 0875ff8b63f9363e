import { computeContribution } from '../../domain/analytics/contribution/contribution.ts';
import type { GroupDimension } from '../../domain/analytics/contribution/types.ts';
import type { Sql } from '../../store/db.ts';
import {
  figureFields,
  loadPeriodBook,
  type PeriodBody,
  segmenter,
  sharedConventions,
} from './period-book.ts';

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
    portfolio_id: ctx.portfolio_id,
    base_currency: ctx.base_currency,
    as_of_date: ctx.as_of_date,
    period: ctx.period,
    ...ctx.completeness,
    group_by: groupBy,
    ...figureFields(totals),
    active_days,
    positions: positions.map(({ security_id, ...figures }) => {
      const a = ctx.attributes.get(security_id);
      return {
        security_id,
        name: a?.name ?? null,
        asset_class: a?.asset_class ?? null,
        sector: a?.sector ?? null,
        currency: a?.currency ?? null,
        country_of_risk: a?.country_of_risk ?? null,
        rating: a?.rating ?? null,
        product_type: a?.product_type ?? null,
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
