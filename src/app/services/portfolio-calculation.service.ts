import type { LegacyRiskMetric } from '../../domain/analytics/performance/legacy-risk-metrics.ts';
import type { PeriodRequest } from '../../domain/analytics/periods.ts';
import type { NetOrGross } from '../../domain/analytics/returns/types.ts';
import type { Sql } from '../../store/db.ts';
import { performanceOf } from './performance.service.ts';
import { portfolioRiskOf } from './portfolio-risk.service.ts';
import { valuationOf } from './series.service.ts';

/** The risk summary of seed 004's calculate: what needs no benchmark. */
const RISK_METRICS: LegacyRiskMetric[] = ['VOLATILITY', 'DRAWDOWN', 'SHARPE', 'SORTINO', 'VAR'];

/** Seed 004's calculate request: one as-of date, one period (default YTD), NET or GROSS. */
export interface CalculationRequest {
  as_of_date?: string | undefined;
  period?: PeriodRequest | undefined;
  net_or_gross?: NetOrGross | undefined;
}

/**
 * Seed 004's `POST /portfolios/{id}/calculate`: the valuation on the as-of date, the TWR of the period and a
 * risk summary over it, each section the answer of the service behind its own route (GET valuation, POST
 * performance, POST risk) to the equivalent request, so the figures have one definition. 404 if unknown.
 */
export async function portfolioCalculationOf(db: Sql, portfolio_id: string, body: CalculationRequest) {
  const scope = {
    ...(body.as_of_date === undefined ? {} : { as_of_date: body.as_of_date }),
    ...(body.net_or_gross === undefined ? {} : { net_or_gross: body.net_or_gross }),
  };
  const periods = [body.period ?? { type: 'YTD' }];
  const valuation = await valuationOf(db, portfolio_id, body.as_of_date);
  const [performance, risk] = await Promise.all([
    performanceOf(db, portfolio_id, { scope, periods }),
    portfolioRiskOf(db, portfolio_id, { scope, periods, metrics: RISK_METRICS }),
  ]);
  return { portfolio_id, as_of_date: valuation.as_of_date, valuation, performance, risk };
}
