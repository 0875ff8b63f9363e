import { type Figure, figureOf, splitFigures } from '../../domain/analytics/figure.ts';
import { type Breakdown, type PeriodRequest, resolvePeriods } from '../../domain/analytics/periods.ts';
import { type AnnualizationBasis, annualEquivalent } from '../../domain/analytics/returns/annualize.ts';
import { type BucketReturn, breakdownOf, returnsWithin } from '../../domain/analytics/returns/breakdown.ts';
import { linkAtLargeFlows, type ValuedFlow } from '../../domain/analytics/returns/large-flows.ts';
import { type DietzTiming, modifiedDietz, periodIrr } from '../../domain/analytics/returns/modified-dietz.ts';
import { type MwrFallback, type MwrMethod, moneyWeightedReturn } from '../../domain/analytics/returns/mwr.ts';
import {
  DEFAULT_BRACKET,
  type RateSolverOptions,
  type RootSelection,
} from '../../domain/analytics/returns/rate-solver.ts';
import { linkedOver, type TwrConventions, timeWeightedReturn } from '../../domain/analytics/returns/twr.ts';
import type {
  DailyReturn,
  DatedFlow,
  InvestorCashflow,
  ValuationDay,
} from '../../domain/analytics/returns/types.ts';
import { irr, npv } from '../../domain/analytics/returns/xirr.ts';
import { type FieldError, validationFailed } from '../../domain/errors.ts';

// The stateless return analytics (POST /analytics/twr, /modified-dietz, /mwr, /irr): computed from the
// request alone, no database. The routes validate the body against its schema and call one function here.

// ─── Request bodies (as the schemas admit them, defaults filled in by the validator) ─────────────────────

/**
 * The defaults of the optional request fields: the schemas declare them from here (so the HTTP validator fills
 * them in and the OpenAPI document shows them), and a caller without HTTP gets the same ones.
 */
export const TWR_DEFAULTS = {
  flow_timing: 'as_recorded',
  net_or_gross: 'NET',
  fee_booking: 'external_flow',
  annualization_basis: 'act365_25',
  periods_per_year: 252,
} as const;
export const DIETZ_DEFAULTS = { flow_timing: 'end_of_day' } as const;
export const MWR_DEFAULTS = { method: 'xirr', fallback: 'modified_dietz' } as const;
export const SOLVER_DEFAULTS = { bracket: DEFAULT_BRACKET, guess: 0.1 } as const;

export interface TwrBody {
  rows: ValuationDay[];
  flow_timing?: TwrConventions['flow_timing'];
  net_or_gross?: TwrConventions['net_or_gross'];
  breakdown?: Breakdown;
  periods?: PeriodRequest[];
  conventions?: Partial<Pick<TwrConventions, 'fee_booking' | 'annualization_basis' | 'periods_per_year'>>;
}

export interface DietzBody {
  start_date: string;
  end_date: string;
  begin_market_value: number;
  end_market_value: number;
  flows: ValuedFlow[];
  flow_timing?: DietzTiming;
  large_flow_threshold?: number;
}

export interface SolverBody {
  conventions?: { bracket?: [number, number]; root_selection?: RootSelection; guess?: number };
}

export interface MwrBody extends SolverBody {
  cashflows?: InvestorCashflow[];
  start_date?: string;
  end_date?: string;
  begin_market_value?: number;
  end_market_value?: number;
  flows?: DatedFlow[];
  method?: MwrMethod;
  fallback?: MwrFallback;
}

export interface IrrBody extends SolverBody {
  values: number[];
  periods_per_year?: number | null;
  npv_rate?: number;
}

// ─── Request checks JSON schema cannot express ──────────────────────────────────────────────────────────

function fail(errors: FieldError[]): void {
  if (errors.length > 0) throw validationFailed('invalid request body', errors);
}

const field = (name: string, message: string): FieldError => ({ index: 0, field: name, message });

function checkAscending(rows: readonly { date: string }[]): void {
  const errors: FieldError[] = [];
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.date <= rows[i - 1]!.date) {
      errors.push(
        field(
          `rows[${i}].date`,
          `must be after rows[${i - 1}].date (${rows[i - 1]!.date}): one row per date, ascending`,
        ),
      );
    }
  }
  fail(errors);
}

/** start_date < end_date and every flow dated in (start_date, end_date]. */
function checkPeriod(body: {
  start_date?: string;
  end_date?: string;
  flows?: readonly { date: string }[];
}): void {
  const errors: FieldError[] = [];
  const { start_date: start, end_date: end } = body;
  if (start !== undefined && end !== undefined && end <= start) {
    errors.push(field('end_date', `must be after start_date (${start})`));
  }
  (body.flows ?? []).forEach((f, i) => {
    if ((start !== undefined && f.date <= start) || (end !== undefined && f.date > end)) {
      errors.push(
        field(`flows[${i}].date`, `must be after start_date (${start}) and no later than end_date (${end})`),
      );
    }
  });
  fail(errors);
}

function checkLargeFlows(body: DietzBody, timing: DietzTiming): void {
  if (body.large_flow_threshold === undefined) return;
  const errors: FieldError[] = [];
  if (timing === 'mid_day') {
    errors.push(
      field(
        'flow_timing',
        'large-flow revaluation needs flows at a day boundary: end_of_day or start_of_day',
      ),
    );
  }
  const valueOn = new Map<string, { value: number; index: number }>();
  body.flows.forEach((f, i) => {
    if (f.value_before_flow === undefined) return;
    const seen = valueOn.get(f.date);
    if (seen && seen.value !== f.value_before_flow) {
      errors.push(
        field(
          `flows[${i}].value_before_flow`,
          `differs from flows[${seen.index}].value_before_flow of the same date`,
        ),
      );
    } else if (!seen) valueOn.set(f.date, { value: f.value_before_flow, index: i });
  });
  fail(errors);
}

function solverOptionsOf(body: SolverBody, defaultSelection: RootSelection): RateSolverOptions {
  const bracket = body.conventions?.bracket ?? SOLVER_DEFAULTS.bracket;
  if (!(bracket[0] < bracket[1])) fail([field('conventions.bracket', 'must be [lo, hi] with lo < hi')]);
  return {
    bracket: [bracket[0], bracket[1]],
    root_selection: body.conventions?.root_selection ?? defaultSelection,
    guess: body.conventions?.guess ?? SOLVER_DEFAULTS.guess,
  };
}

// The solver's prose (`solver`) is the schema's text: the route adds it (a service knows nothing of the API).
const solverConventions = (o: RateSolverOptions) => ({
  bracket: [...o.bracket],
  root_selection: o.root_selection,
  guess: o.guess,
});

// ─── Responses ──────────────────────────────────────────────────────────────────────────────────────────

const dailyOut = (r: DailyReturn) =>
  r.value === null
    ? { date: r.date, value: null, null_reasons: { value: r.reason } }
    : { date: r.date, value: r.value };

const linkedOut = (cumulative: Figure, annualized: Figure) =>
  splitFigures({ cumulative_return: cumulative, annualized_return: annualized });

const bucketsOut = (type: Breakdown, buckets: readonly BucketReturn[]) => ({
  type,
  results: buckets.map((b) => {
    const { values, null_reasons } = splitFigures({ cumulative_return: b.cumulative });
    return { start_date: b.start_date, end_date: b.end_date, ...values, null_reasons };
  }),
});

const WEIGHT_TEXT: Record<TwrConventions['flow_timing'], string> = {
  as_recorded: 'w_bod = 1, w_eod = 0',
  start_of_day: 'w_bod = w_eod = 1',
  end_of_day: 'w_bod = w_eod = 0',
  mid_day: 'w_bod = w_eod = 1/2',
};

function twrConventions(c: TwrConventions) {
  const years: Record<AnnualizationBasis, string> = {
    act365_25: 'calendar days / 365.25',
    act365: 'calendar days / 365',
    periods: `rows / ${c.periods_per_year}`,
  };
  return {
    ...c,
    daily_return: `r = (EMV − BMV − CF_bod − CF_eod ∓ fees) / (BMV + w_bod·CF_bod + w_eod·CF_eod), ${WEIGHT_TEXT[c.flow_timing]}`,
    linking: 'geometric: Π(1 + r_t) − 1; a day with no capital at work (base and gain both 0) is left out',
    annualization: `(1 + R)^(1/years) − 1 with years = ${years[c.annualization_basis]}; only for a period longer than one year (a year or less is not annualized)`,
    period: 'from the close of the day before the first row to the close of the last row',
    fees:
      c.fee_booking === 'external_flow'
        ? 'fees ≥ 0, booked among the cashflows: NET = gain − fees, GROSS = gain'
        : 'fees ≥ 0, inside the market value: NET = gain, GROSS = gain + fees',
    undefined_values:
      'a daily return whose base is 0 with a gain, or negative, is null; so is every return linked from it',
  };
}

export function twr(body: TwrBody) {
  checkAscending(body.rows);
  const conventions: TwrConventions = {
    flow_timing: body.flow_timing ?? TWR_DEFAULTS.flow_timing,
    net_or_gross: body.net_or_gross ?? TWR_DEFAULTS.net_or_gross,
    fee_booking: body.conventions?.fee_booking ?? TWR_DEFAULTS.fee_booking,
    annualization_basis: body.conventions?.annualization_basis ?? TWR_DEFAULTS.annualization_basis,
    periods_per_year: body.conventions?.periods_per_year ?? TWR_DEFAULTS.periods_per_year,
  };
  const first = body.rows[0]!.date;
  const last = body.rows[body.rows.length - 1]!.date;
  const periods = body.periods ? resolvePeriods(body.periods, { asOf: last, inception: first }) : undefined;
  const result = timeWeightedReturn(body.rows, conventions);
  const { values, null_reasons } = linkedOut(result.cumulative, result.annualized);
  return {
    start_date: result.start_date,
    end_date: result.end_date,
    daily_returns: result.daily.map(dailyOut),
    ...values,
    null_reasons,
    ...(body.breakdown && {
      breakdown: bucketsOut(body.breakdown, breakdownOf(result.daily, first, last, body.breakdown)),
    }),
    ...(periods && {
      periods: periods.map((p) => {
        const within = returnsWithin(result.daily, p.start_date, p.end_date);
        const linked =
          within.length > 0
            ? linkedOver(within, conventions)
            : {
                cumulative: { value: null, reason: 'no row is dated inside the period' },
                annualized: { value: null, reason: 'no row is dated inside the period' },
              };
        const out = linkedOut(linked.cumulative, linked.annualized);
        const { breakdown, ...period } = p;
        return {
          ...period,
          first_date: within[0]?.date ?? null,
          last_date: within[within.length - 1]?.date ?? null,
          ...out.values,
          null_reasons: out.null_reasons,
          ...(breakdown && {
            breakdown: bucketsOut(breakdown, breakdownOf(within, p.start_date, p.end_date, breakdown)),
          }),
        };
      }),
    }),
    conventions: twrConventions(conventions),
  };
}

const DIETZ_WEIGHT_TEXT: Record<DietzTiming, string> = {
  end_of_day: 'W_i = (end_date − d_i)/CD: the flow arrives at the close of d_i (GIPS)',
  start_of_day: 'W_i = (end_date − d_i + 1)/CD: the flow arrives at the open of d_i',
  mid_day: 'W_i = (end_date − d_i + 1/2)/CD: the flow arrives at noon of d_i',
};

export function dietz(body: DietzBody) {
  const timing = body.flow_timing ?? DIETZ_DEFAULTS.flow_timing;
  checkPeriod(body);
  checkLargeFlows(body, timing);
  const period = {
    start_date: body.start_date,
    end_date: body.end_date,
    begin_value: body.begin_market_value,
    end_value: body.end_market_value,
  };
  const whole = modifiedDietz({ ...period, flows: body.flows }, timing);
  const exact = periodIrr({ ...period, flows: body.flows }, timing, whole.modified_dietz.value ?? 0);
  const threshold = body.large_flow_threshold;
  const linked =
    threshold === undefined || timing === 'mid_day'
      ? undefined
      : linkAtLargeFlows({ ...period, flows: body.flows }, timing, threshold);
  const figures: Record<string, Figure> = {
    modified_dietz: whole.modified_dietz,
    simple_dietz: whole.simple_dietz,
    irr_period_return: exact.rate,
  };
  if (linked) figures.twr_linked = linked.twr_linked;
  const { values, null_reasons } = splitFigures(figures);
  return {
    start_date: body.start_date,
    end_date: body.end_date,
    ...values,
    weights: whole.weights,
    gain: whole.gain,
    calendar_days: whole.calendar_days,
    ...(linked && {
      subperiods: linked.subperiods.map(({ return: r, ...s }) => {
        const out = splitFigures({ return: r });
        return { ...s, ...out.values, null_reasons: out.null_reasons };
      }),
      large_flows: linked.large_flows,
    }),
    null_reasons,
    conventions: {
      flow_timing: timing,
      weights: `${DIETZ_WEIGHT_TEXT[timing]}; CD = end_date − start_date calendar days; simple Dietz: W_i = 1/2`,
      period:
        'from the close of start_date (begin_market_value) to the close of end_date (end_market_value, after every flow)',
      flow_sign: '+ contribution into the portfolio, − withdrawal',
      large_flow_threshold: threshold ?? null,
      large_flows:
        threshold === undefined
          ? 'none: no threshold given, no revaluation'
          : `GIPS 2020: a flow with |amount| / value_before_flow ≥ ${threshold} splits the period at the close before it; sub-periods by Modified Dietz, linked geometrically`,
    },
  };
}

export function mwr(body: MwrBody) {
  const periodFields = ['start_date', 'end_date', 'begin_market_value', 'end_market_value'] as const;
  const given = periodFields.filter((f) => body[f] !== undefined);
  if (body.cashflows !== undefined) {
    const extra = [...given, ...(body.flows !== undefined ? ['flows'] : [])];
    fail(
      extra.map((f) =>
        field(
          f,
          'give either cashflows or a valued period (start_date, end_date, begin_market_value, end_market_value, flows), not both',
        ),
      ),
    );
  } else {
    fail(
      periodFields
        .filter((f) => body[f] === undefined)
        .map((f) => field(f, 'is required (or give cashflows instead of a valued period)')),
    );
    checkPeriod(body);
  }
  const options = solverOptionsOf(body, 'unique');
  const method = body.method ?? MWR_DEFAULTS.method;
  const fallback = body.fallback ?? MWR_DEFAULTS.fallback;
  const input =
    body.cashflows !== undefined
      ? { cashflows: body.cashflows }
      : {
          period: {
            start_date: body.start_date!,
            end_date: body.end_date!,
            begin_value: body.begin_market_value!,
            end_value: body.end_market_value!,
            flows: body.flows ?? [],
          },
        };
  const result = moneyWeightedReturn(input, { ...options, method, fallback });
  const figures: Record<string, Figure> = {
    xirr: result.xirr,
    period_return: result.period_return,
    annual_equivalent: result.annual_equivalent,
  };
  if (result.modified_dietz) figures.modified_dietz = result.modified_dietz;
  const { values, null_reasons } = splitFigures(figures);
  return {
    ...values,
    method: result.method,
    years_spanned: result.years_spanned,
    roots: result.roots,
    cashflows: result.cashflows,
    null_reasons,
    conventions: {
      day_count: 'Act/365F: exponent (d_i − d_0)/365, d_0 the earliest date',
      sign: 'investor: − paid in, + received; a valued period becomes −begin value, −flows, +end value',
      method,
      fallback,
      ...solverConventions(options),
    },
  };
}

export function irrOf(body: IrrBody) {
  const options = solverOptionsOf(body, 'closest_to_guess');
  const solution = irr(body.values, options);
  const perYear = body.periods_per_year ?? null;
  const annual: Figure =
    solution.rate.value === null
      ? solution.rate
      : perYear === null
        ? { value: null, reason: 'periods_per_year not given' }
        : annualEquivalent(solution.rate.value, perYear);
  const figures: Record<string, Figure> = { irr: solution.rate, annual_equivalent: annual };
  if (body.npv_rate !== undefined) figures.npv = figureOf(npv(body.npv_rate, body.values));
  const { values, null_reasons } = splitFigures(figures);
  return {
    ...values,
    roots: solution.roots,
    null_reasons,
    conventions: {
      equation: 'Σ v_t / (1 + r)^t = 0, t = 0..N (v_0 undiscounted)',
      periods_per_year: perYear,
      npv: 'numpy-financial: v_0 at t = 0 (a spreadsheet NPV() discounts its first value one period)',
      ...solverConventions(options),
    },
  };
}
