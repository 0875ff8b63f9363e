import { type FieldError, validationFailed } from '../../errors.ts';
import {
  periodicRateOverflow,
  RISK_CONVENTION_NAMES,
  RISK_CONVENTION_OPTIONS,
  type RiskConventionName,
} from './conventions.ts';
import { isIsoDate } from './dates.ts';
import { tailProbability } from './quantile.ts';
import { DEFAULT_PERIODS_PER_YEAR, type RiskRequest } from './types.ts';

export const MAX_RETURNS = 100_000;
export const MAX_CONFIDENCES = 20;
/** Enough to say what is wrong with a large series without answering with a larger one. */
const MAX_ERRORS = 100;

const TOP_LEVEL = [
  'returns',
  'benchmark_returns',
  'inception_date',
  'periods_per_year',
  'risk_free',
  'mar',
  'omega_threshold',
  'var',
  'rolling_window',
  'conventions',
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const describe = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Collects field errors, indexed by the record of a list they belong to (0 for a field outside a list). */
class Problems {
  readonly errors: FieldError[] = [];
  add(field: string, message: string, index = 0) {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ index, field, message });
  }
  unknownKeys(value: Json, allowed: readonly string[], path: string, index = 0) {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.add(
          path ? `${path}.${key}` : key,
          `is not a known field; expected one of: ${allowed.join(', ')}`,
          index,
        );
      }
    }
  }
}

/** A dated series: a non-empty list of {date, value}, dates valid and strictly ascending, values ≥ −1. */
function checkSeries(p: Problems, name: string, raw: unknown) {
  if (!Array.isArray(raw)) return p.add(name, `must be a list of {date, value}, got ${describe(raw)}`);
  if (raw.length === 0) return p.add(name, 'must hold at least 1 return');
  if (raw.length > MAX_RETURNS)
    return p.add(name, `must hold at most ${MAX_RETURNS} returns, got ${raw.length}`);
  let previous: string | null = null;
  for (const [i, item] of raw.entries()) {
    const path = `${name}[${i}]`;
    if (!isObject(item)) {
      p.add(path, `must be an object {date, value}, got ${describe(item)}`, i);
      previous = null;
      continue;
    }
    p.unknownKeys(item, ['date', 'value'], path, i);
    const { date, value } = item;
    if (!isIsoDate(date)) {
      p.add(`${path}.date`, `must be a date YYYY-MM-DD, got ${describe(date)}`, i);
      previous = null;
    } else {
      if (previous !== null && date <= previous) {
        p.add(
          `${path}.date`,
          date === previous
            ? `duplicates ${name}[${i - 1}].date (${date}); dates must be unique`
            : `must be after ${name}[${i - 1}].date (${previous}); dates must be ascending`,
          i,
        );
      }
      previous = date;
    }
    if (!isFiniteNumber(value)) {
      p.add(
        `${path}.value`,
        `must be a finite number (a decimal return, 0.01 = 1 %), got ${describe(value)}`,
        i,
      );
    } else if (value < -1) {
      p.add(
        `${path}.value`,
        `must be at least -1 (a simple return cannot lose more than 100 %), got ${value}`,
        i,
      );
    }
  }
}

/**
 * Compounded, the returns must stay within a float64 (returns of 1e300 do not): beyond it the wealth index,
 * the cumulative return, the drawdowns and the moments are not numbers at all.
 */
function checkCompounding(p: Problems, name: string, series: readonly { date: string; value: number }[]) {
  let wealth = 1;
  let squares = 0;
  for (const [i, r] of series.entries()) {
    wealth *= 1 + r.value;
    squares += r.value * r.value;
    if (!Number.isFinite(wealth) || !Number.isFinite(squares)) {
      return p.add(
        `${name}[${i}].value`,
        `is too large: compounded (or squared) up to ${r.date}, the returns overflow a float64, so no ` +
          'return, volatility or drawdown can be stated',
        i,
      );
    }
  }
}

function checkRate(p: Problems, name: string, raw: unknown) {
  if (raw === undefined) return;
  if (!isObject(raw)) {
    return p.add(name, `must be {annual_rate, conversion?} or {periodic_rate}, got ${describe(raw)}`);
  }
  p.unknownKeys(raw, ['annual_rate', 'conversion', 'periodic_rate'], name);
  const hasAnnual = raw.annual_rate !== undefined;
  const hasPeriodic = raw.periodic_rate !== undefined;
  if (hasAnnual === hasPeriodic) {
    return p.add(name, 'must give exactly one of annual_rate and periodic_rate');
  }
  const key = hasAnnual ? 'annual_rate' : 'periodic_rate';
  const rate = raw[key];
  if (!isFiniteNumber(rate) || rate <= -1) {
    p.add(`${name}.${key}`, `must be a finite decimal rate above -1 (0.02 = 2 %), got ${describe(rate)}`);
  }
  if (raw.conversion !== undefined) {
    if (hasPeriodic) p.add(`${name}.conversion`, 'applies to annual_rate only');
    else if (raw.conversion !== 'geometric' && raw.conversion !== 'simple') {
      p.add(`${name}.conversion`, `must be one of: geometric, simple; got ${describe(raw.conversion)}`);
    }
  }
}

function checkVar(p: Problems, raw: unknown) {
  if (raw === undefined) return;
  if (!isObject(raw)) return p.add('var', `must be {confidence?, horizon_days?}, got ${describe(raw)}`);
  p.unknownKeys(raw, ['confidence', 'horizon_days'], 'var');
  const { confidence, horizon_days } = raw;
  if (confidence !== undefined) {
    if (!Array.isArray(confidence) || confidence.length === 0 || confidence.length > MAX_CONFIDENCES) {
      p.add(
        'var.confidence',
        `must be a list of 1 to ${MAX_CONFIDENCES} levels, got ${describe(confidence)}`,
      );
    } else {
      confidence.forEach((c, i) => {
        if (!isFiniteNumber(c) || c <= 0 || c >= 1) {
          p.add(`var.confidence[${i}]`, `must be a number strictly between 0 and 1, got ${describe(c)}`, i);
        } else if (!(tailProbability(c) > 0 && tailProbability(c) < 1)) {
          // 1 − c, the tail VaR is read at, must itself lie strictly between 0 and 1 in float64.
          p.add(`var.confidence[${i}]`, `must leave a tail 1 − c within (0, 1) in float64, got ${c}`, i);
        } else if (confidence.indexOf(c) < i) {
          p.add(`var.confidence[${i}]`, `duplicates var.confidence[${confidence.indexOf(c)}] (${c})`, i);
        }
      });
    }
  }
  if (horizon_days !== undefined && !(Number.isInteger(horizon_days) && (horizon_days as number) >= 1)) {
    p.add('var.horizon_days', `must be a whole number of periods, at least 1, got ${describe(horizon_days)}`);
  }
}

function checkConventions(p: Problems, raw: unknown) {
  if (raw === undefined) return;
  if (!isObject(raw)) return p.add('conventions', `must be an object, got ${describe(raw)}`);
  p.unknownKeys(raw, RISK_CONVENTION_NAMES, 'conventions');
  for (const name of Object.keys(raw)) {
    if (!(RISK_CONVENTION_NAMES as string[]).includes(name)) continue;
    const options: readonly string[] = RISK_CONVENTION_OPTIONS[name as RiskConventionName];
    const value = raw[name];
    if (typeof value !== 'string' || !options.includes(value)) {
      p.add(`conventions.${name}`, `must be one of: ${options.join(', ')}; got ${describe(value)}`);
    }
  }
}

/**
 * Checks a risk request as the API receives it (parsed JSON, nothing coerced) and returns it typed, or throws
 * VALIDATION_FAILED naming every invalid field by its path in the request (`returns[3].value`).
 */
export function validateRiskRequest(raw: unknown): RiskRequest {
  const p = new Problems();
  if (!isObject(raw)) {
    p.add('(body)', `must be a JSON object, got ${describe(raw)}`);
    throw validationFailed('invalid risk request', p.errors);
  }
  p.unknownKeys(raw, TOP_LEVEL, '');
  checkSeries(p, 'returns', raw.returns);
  if (raw.benchmark_returns !== undefined) checkSeries(p, 'benchmark_returns', raw.benchmark_returns);

  const returns = Array.isArray(raw.returns) ? raw.returns : [];
  const firstDate = isObject(returns[0]) ? returns[0].date : undefined;
  if (raw.inception_date !== undefined) {
    if (!isIsoDate(raw.inception_date)) {
      p.add('inception_date', `must be a date YYYY-MM-DD, got ${describe(raw.inception_date)}`);
    } else if (isIsoDate(firstDate) && raw.inception_date >= firstDate) {
      p.add(
        'inception_date',
        `must be before the first return date (${firstDate}): it is the NAV date the first return starts from`,
      );
    }
  }
  const ppy = raw.periods_per_year;
  if (ppy !== undefined && !(isFiniteNumber(ppy) && ppy > 0)) {
    p.add('periods_per_year', `must be a positive number (252 for daily returns), got ${describe(ppy)}`);
  }
  checkRate(p, 'risk_free', raw.risk_free);
  checkRate(p, 'mar', raw.mar);
  checkRate(p, 'omega_threshold', raw.omega_threshold);
  checkVar(p, raw.var);
  const w = raw.rolling_window;
  if (w !== undefined) {
    if (!(Number.isInteger(w) && (w as number) >= 2)) {
      p.add('rolling_window', `must be a whole number of periods, at least 2, got ${describe(w)}`);
    } else if ((w as number) > returns.length) {
      p.add('rolling_window', `must not exceed the number of returns (${returns.length}), got ${w}`);
    }
  }
  checkConventions(p, raw.conventions);
  if (p.errors.length === 0) {
    const request = raw as unknown as RiskRequest;
    const periodsPerYear = request.periods_per_year ?? DEFAULT_PERIODS_PER_YEAR;
    for (const name of ['risk_free', 'mar', 'omega_threshold'] as const) {
      const overflow = periodicRateOverflow(request[name], periodsPerYear);
      if (overflow !== undefined) p.add(`${name}.annual_rate`, overflow);
    }
    checkCompounding(p, 'returns', request.returns);
    if (request.benchmark_returns !== undefined) {
      checkCompounding(p, 'benchmark_returns', request.benchmark_returns);
    }
  }
  if (p.errors.length > 0) {
    throw validationFailed(`invalid risk request: ${p.errors.length} problem(s)`, p.errors);
  }
  return raw as unknown as RiskRequest;
}
