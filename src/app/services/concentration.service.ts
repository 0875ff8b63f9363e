import {
  bulkConcentrationOf,
  type ConcentrationLimits,
  findingsOf,
  issuerConcentrationOf,
  UNCLASSIFIED,
  type WeighedPosition,
} from '../../domain/analytics/concentration.ts';
import { type Figure, splitFigures } from '../../domain/analytics/figure.ts';
import { validationFailed } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { findIssuers } from '../../store/queries/issuers.queries.ts';
import { positionsAsOf } from './positions-as-of.ts';

/** The request with the schema's defaults for the metrics and limits filled in by the route. */
export interface ConcentrationInput {
  scope?: { as_of_date?: string; reporting_currency?: string };
  metrics: readonly ('ISSUER' | 'BULK')[];
  limits: ConcentrationLimits;
  options?: {
    lookthrough_enabled?: boolean;
    issuer_top_n?: number;
    bulk_top_n?: number[];
    include_cash?: boolean;
  };
}

const LIMITED = 'LIMIT_EXCEEDED';
const flagIf = (exceeded: boolean) => (exceeded ? LIMITED : null);

/**
 * A portfolio's concentration in the original's shape (seed-system.md §12.5) with its bugs fixed: positions
 * as of the date asked for, issuer names that are names, findings that are filled in. 404 if unknown.
 */
export async function concentrationOf(db: Sql, portfolio_id: string, body: ConcentrationInput) {
  const options = body.options ?? {};
  const metrics = new Set(body.metrics);
  const topN = [...new Set(options.bulk_top_n ?? [5, 10])].sort((a, b) => a - b);
  const issuerTopN = options.issuer_top_n ?? 10;
  const includeCash = options.include_cash ?? true;
  const limits = body.limits;

  const day = await positionsAsOf(db, portfolio_id, body.scope?.as_of_date);
  const reporting = body.scope?.reporting_currency?.toUpperCase();
  if (reporting !== undefined && reporting !== day.base_currency) {
    throw validationFailed('unsupported reporting currency', [
      {
        index: 0,
        field: 'scope.reporting_currency',
        message: `must be the portfolio's base currency ${day.base_currency} (or absent); weights do not depend on it`,
      },
    ]);
  }
  const valued = day.positions.filter((p) => p.eod_market_value !== null);
  const unvalued = day.positions.filter((p) => p.eod_market_value === null).map((p) => p.security_id);
  const weighed = valued.filter((p) => includeCash || !p.is_cash);
  const issuers = await findIssuers(
    db,
    weighed.map((p) => p.security_id),
  );
  const positions: WeighedPosition[] = weighed.map((p) => {
    const i = issuers.get(p.security_id);
    return {
      security_id: p.security_id,
      market_value: p.eod_market_value!,
      issuer_id: i?.issuer_id ?? null,
      issuer_name: i?.issuer_name ?? null,
      ultimate_parent_issuer_id: i?.ultimate_parent_issuer_id ?? null,
      ultimate_parent_issuer_name: i?.ultimate_parent_issuer_name ?? null,
    };
  });

  const bulk = metrics.has('BULK') ? bulkConcentrationOf(positions, topN) : undefined;
  const byIssuer = metrics.has('ISSUER') ? issuerConcentrationOf(positions) : undefined;
  const findings = findingsOf(bulk, byIssuer, limits);
  const portfolioValue = valued.reduce((s, p) => s + p.eod_market_value!, 0);

  return {
    scope: { portfolio_id, as_of_date: day.as_of_date, reporting_currency: day.base_currency },
    summary: {
      // Without a series row for the date nothing is known: null, never a value of 0.
      portfolio_market_value: day.built ? portfolioValue : null,
      weighed_market_value: day.built ? positions.reduce((s, p) => s + p.market_value, 0) : null,
      position_count: positions.length,
      unvalued: { count: unvalued.length, security_ids: unvalued },
      complete: day.complete,
      incomplete_reasons: day.incomplete_reasons,
      findings,
    },
    bulk_concentration: bulk ? bulkResponse(bulk, topN, limits) : null,
    issuer_concentration: byIssuer ? issuerResponse(byIssuer, issuerTopN, limits) : null,
    conventions: {
      positions: 'the daily position series on as_of_date, quantity ≠ 0',
      weights: 'market value / Σ market value of the positions weighed, base currency',
      unvalued: 'left out of every weight and listed in summary.unvalued',
      cash: includeCash ? 'included' : 'excluded',
      issuer_grouping: 'ultimate parent issuer, else issuer, else UNCLASSIFIED',
      issuer_hhi: 'each UNCLASSIFIED position counts as an issuer of its own',
      lookthrough: 'not applied: a fund weighs as one position',
      bulk_top_n: topN,
      issuer_top_n: issuerTopN,
      limits,
      limit_rule: 'a figure strictly above its limit is a finding',
    },
  };
}

function bulkResponse(
  bulk: ReturnType<typeof bulkConcentrationOf>,
  topN: readonly number[],
  limits: ConcentrationLimits,
) {
  const figures: Record<string, Figure> = {
    single_position_weight: bulk.single_position_weight,
    hhi: bulk.hhi,
    effective_number_of_positions: bulk.effective_number,
  };
  for (const n of topN) figures[`top_n_weights.${n}`] = bulk.top_n_weights.get(n)!;
  const { values, null_reasons } = splitFigures(figures);
  const single = values.single_position_weight ?? null;
  const hhi = values.hhi ?? null;
  return {
    top_n_weights: Object.fromEntries(topN.map((n) => [String(n), values[`top_n_weights.${n}`] ?? null])),
    single_position_weight: single,
    largest_position: bulk.largest_position,
    hhi,
    effective_number_of_positions: values.effective_number_of_positions ?? null,
    flag: flagIf(
      (single !== null && single > limits.single_position_weight) || (hhi !== null && hhi > limits.hhi),
    ),
    null_reasons,
  };
}

function issuerResponse(
  issuers: ReturnType<typeof issuerConcentrationOf>,
  topN: number,
  limits: ConcentrationLimits,
) {
  const { values, null_reasons } = splitFigures({ hhi: issuers.hhi });
  const exceeded = (e: (typeof issuers.exposures)[number]) =>
    e.issuer_id !== UNCLASSIFIED && e.weight > limits.issuer_weight;
  return {
    top_exposures: issuers.exposures.slice(0, topN).map((e) => ({ ...e, flag: flagIf(exceeded(e)) })),
    issuer_count: issuers.issuer_count,
    hhi: values.hhi,
    flag: flagIf(issuers.exposures.some(exceeded) || (values.hhi !== null && values.hhi > limits.hhi)),
    null_reasons,
  };
}
