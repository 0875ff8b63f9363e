import { type Figure, figureOf, undefinedBecause } from './figure.ts';

/**
 * Concentration of a portfolio on one date: how much of its value sits in its largest positions and issuers.
 * Weights are market value over the total market value of the positions weighed (base currency); a position
 * without a market value is not weighed (the caller reports it), never counted as 0.
 */

export interface WeighedPosition {
  security_id: string;
  /** Base-currency market value. */
  market_value: number;
  issuer_id: string | null;
  issuer_name: string | null;
  ultimate_parent_issuer_id: string | null;
  ultimate_parent_issuer_name: string | null;
}

/** The issuer group of positions whose instrument names neither an ultimate parent nor an issuer. */
export const UNCLASSIFIED = 'UNCLASSIFIED';

export interface PositionWeight {
  security_id: string;
  market_value: number;
  weight: number;
}

export interface BulkConcentration {
  total_market_value: number;
  /** Heaviest first; ties by security_id. Empty when the weights are undefined. */
  weights: PositionWeight[];
  single_position_weight: Figure;
  largest_position: string | null;
  /** Σ of the n largest weights, per n asked for (all of them when there are fewer than n). */
  top_n_weights: Map<number, Figure>;
  /** Herfindahl–Hirschman index Σ w², in (0, 1] for long-only weights. */
  hhi: Figure;
  /** 1 / HHI: the number of equal positions with the same HHI. */
  effective_number: Figure;
}

export interface IssuerExposure {
  issuer_id: string;
  issuer_name: string;
  exposure: number;
  weight: number;
  position_count: number;
}

export interface IssuerConcentration {
  /** Heaviest first; ties by issuer_id. Empty when the weights are undefined. */
  exposures: IssuerExposure[];
  issuer_count: number;
  /** Σ w² over issuers, each unclassified position counted as an issuer of its own. */
  hhi: Figure;
}

const byWeightThen =
  <T extends { weight: number }>(id: (t: T) => string) =>
  (a: T, b: T) =>
    b.weight - a.weight || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/** Why weights over this total mean nothing, or undefined when they do. */
function undefinedWeights(total: number, count: number): string | undefined {
  if (count === 0) return 'no valued position on the date';
  if (total === 0) return 'the total market value is 0';
  if (total < 0) return 'the total market value is negative';
  return undefined;
}

const sumOfSquares = (weights: readonly number[]) => weights.reduce((s, w) => s + w * w, 0);

export function bulkConcentrationOf(
  positions: readonly WeighedPosition[],
  topN: readonly number[],
): BulkConcentration {
  const total = positions.reduce((s, p) => s + p.market_value, 0);
  const reason = undefinedWeights(total, positions.length);
  if (reason !== undefined) {
    const none = undefinedBecause(reason);
    return {
      total_market_value: total,
      weights: [],
      single_position_weight: none,
      largest_position: null,
      top_n_weights: new Map(topN.map((n) => [n, none])),
      hhi: none,
      effective_number: none,
    };
  }
  const weights = positions
    .map((p) => ({
      security_id: p.security_id,
      market_value: p.market_value,
      weight: p.market_value / total,
    }))
    .sort(byWeightThen((w) => w.security_id));
  const hhi = sumOfSquares(weights.map((w) => w.weight));
  const top = (n: number) => weights.slice(0, n).reduce((s, w) => s + w.weight, 0);
  return {
    total_market_value: total,
    weights,
    single_position_weight: figureOf(weights[0]!.weight),
    largest_position: weights[0]!.security_id,
    top_n_weights: new Map(topN.map((n) => [n, figureOf(top(n))])),
    hhi: figureOf(hhi),
    effective_number: hhi > 0 ? figureOf(1 / hhi) : undefinedBecause('the HHI is 0'),
  };
}

/**
 * The issuer a position counts against: its ultimate parent when the instrument names one, else its direct
 * issuer (an issuer without a parent is its own ultimate parent), else UNCLASSIFIED. The name is the
 * issuer's name when any position of the group gives it, else its id.
 */
export function issuerOf(p: WeighedPosition): { id: string; name: string | null } {
  if (p.ultimate_parent_issuer_id !== null) {
    return { id: p.ultimate_parent_issuer_id, name: p.ultimate_parent_issuer_name };
  }
  if (p.issuer_id !== null) return { id: p.issuer_id, name: p.issuer_name };
  return { id: UNCLASSIFIED, name: UNCLASSIFIED };
}

export function issuerConcentrationOf(positions: readonly WeighedPosition[]): IssuerConcentration {
  const total = positions.reduce((s, p) => s + p.market_value, 0);
  const reason = undefinedWeights(total, positions.length);
  const groups = new Map<string, { name: string | null; exposure: number; count: number }>();
  for (const p of positions) {
    const issuer = issuerOf(p);
    const group = groups.get(issuer.id) ?? { name: null, exposure: 0, count: 0 };
    group.name ??= issuer.name;
    group.exposure += p.market_value;
    group.count += 1;
    groups.set(issuer.id, group);
  }
  if (reason !== undefined)
    return { exposures: [], issuer_count: groups.size, hhi: undefinedBecause(reason) };
  const exposures = [...groups.entries()]
    .map(([id, g]) => ({
      issuer_id: id,
      issuer_name: g.name ?? id,
      exposure: g.exposure,
      weight: g.exposure / total,
      position_count: g.count,
    }))
    .sort(byWeightThen((e) => e.issuer_id));
  // One bucket for every position of unknown issuer would claim a concentration nobody knows exists.
  const unclassified = positions
    .filter((p) => issuerOf(p).id === UNCLASSIFIED)
    .map((p) => p.market_value / total);
  const classified = exposures.filter((e) => e.issuer_id !== UNCLASSIFIED).map((e) => e.weight);
  return {
    exposures,
    issuer_count: groups.size,
    hhi: figureOf(sumOfSquares([...classified, ...unclassified])),
  };
}

/** Limits a concentration is held against; a value strictly above its limit is a finding. */
export interface ConcentrationLimits {
  single_position_weight: number;
  issuer_weight: number;
  hhi: number;
}

export type FindingMetric = 'SINGLE_POSITION_WEIGHT' | 'ISSUER_WEIGHT' | 'HHI' | 'ISSUER_HHI';

export interface Finding {
  metric: FindingMetric;
  /** The security or issuer the finding is about; null for a portfolio-wide figure (HHI). */
  subject: string | null;
  value: number;
  limit: number;
  message: string;
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** Every figure above its limit: each position and each classified issuer above its limit, and the HHIs. */
export function findingsOf(
  bulk: BulkConcentration | undefined,
  issuers: IssuerConcentration | undefined,
  limits: ConcentrationLimits,
): Finding[] {
  const findings: Finding[] = [];
  for (const p of bulk?.weights ?? []) {
    if (p.weight <= limits.single_position_weight) break;
    findings.push({
      metric: 'SINGLE_POSITION_WEIGHT',
      subject: p.security_id,
      value: p.weight,
      limit: limits.single_position_weight,
      message: `${p.security_id} weighs ${percent(p.weight)}, above the ${percent(limits.single_position_weight)} limit`,
    });
  }
  if (bulk?.hhi.value != null && bulk.hhi.value > limits.hhi) {
    findings.push({
      metric: 'HHI',
      subject: null,
      value: bulk.hhi.value,
      limit: limits.hhi,
      message: `the position HHI is ${bulk.hhi.value.toFixed(4)}, above the ${limits.hhi} limit`,
    });
  }
  for (const e of issuers?.exposures ?? []) {
    if (e.weight <= limits.issuer_weight) break;
    if (e.issuer_id === UNCLASSIFIED) continue;
    findings.push({
      metric: 'ISSUER_WEIGHT',
      subject: e.issuer_id,
      value: e.weight,
      limit: limits.issuer_weight,
      message: `issuer ${e.issuer_name} weighs ${percent(e.weight)}, above the ${percent(limits.issuer_weight)} limit`,
    });
  }
  if (issuers?.hhi.value != null && issuers.hhi.value > limits.hhi) {
    findings.push({
      metric: 'ISSUER_HHI',
      subject: null,
      value: issuers.hhi.value,
      limit: limits.hhi,
      message: `the issuer HHI is ${issuers.hhi.value.toFixed(4)}, above the ${limits.hhi} limit`,
    });
  }
  return findings;
}
