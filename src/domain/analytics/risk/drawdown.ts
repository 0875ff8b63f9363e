import type { RiskConventions } from './conventions.ts';
import { calendarDaysBetween, type IsoDate, weekdaysInclusive } from './dates.ts';
import type { DatedFigure, DatedReturn, MaxDrawdown } from './types.ts';

export interface DrawdownAnalysis {
  series: DatedFigure[];
  maxDrawdown: MaxDrawdown;
  /** Why each null field of maxDrawdown is null, by field name. */
  nullReasons: Partial<Record<keyof MaxDrawdown, string>>;
}

const DURATION_UNIT = {
  inception: 'periods',
  pyfolio: 'weekdays',
  quantstats: 'calendar_days',
} as const;

/**
 * Drawdowns of the wealth index W_t = W_{t−1}(1 + r_t): DD_t = W_t / max_{s≤t} W_s − 1 ≤ 0 (methodology §5).
 * The inception and quantstats conventions start the high-water mark at W_0 = 1 on inception_date (a first-day
 * loss is a drawdown); pyfolio starts it at W_1. The deepest episode: trough = the first date of the minimum,
 * peak = the last date on or before it with DD = 0, recovery = the first date after it with DD = 0 (W back at or
 * above the peak), else null.
 */
export function drawdownAnalysis(
  returns: readonly DatedReturn[],
  inceptionDate: IsoDate,
  convention: RiskConventions['drawdown'],
): DrawdownAnalysis {
  // Index 0 is the inception NAV; index t ≥ 1 is the close of returns[t − 1].
  const dates = [inceptionDate, ...returns.map((r) => r.date)];
  const wealth = [1];
  for (const r of returns) wealth.push(wealth[wealth.length - 1]! * (1 + r.value));
  const first = convention === 'pyfolio' ? 1 : 0;
  const drawdown: number[] = new Array(wealth.length).fill(0);
  let highWater = wealth[first]!;
  for (let t = first; t < wealth.length; t++) {
    highWater = Math.max(highWater, wealth[t]!);
    // A total loss before any gain leaves a high-water mark of 0, which the wealth then sits at (no 0/0).
    drawdown[t] = highWater > 0 ? wealth[t]! / highWater - 1 : 0;
  }
  const series = returns.map((r, i) => ({ date: r.date, value: drawdown[i + 1]! }));

  let trough = first;
  for (let t = first; t < wealth.length; t++) if (drawdown[t]! < drawdown[trough]!) trough = t;
  const value = drawdown[trough]!;
  const unit = DURATION_UNIT[convention];
  if (value === 0) {
    const reason = 'there is no drawdown: the wealth never falls below its high-water mark';
    return {
      series,
      maxDrawdown: {
        value: 0,
        peak_date: null,
        trough_date: null,
        recovery_date: null,
        peak_value: null,
        trough_value: null,
        periods_peak_to_trough: null,
        periods_trough_to_recovery: null,
        underwater_start_date: null,
        underwater_end_date: null,
        duration: null,
        duration_unit: unit,
      },
      nullReasons: Object.fromEntries(
        [
          'peak_date',
          'trough_date',
          'recovery_date',
          'peak_value',
          'trough_value',
          'periods_peak_to_trough',
          'periods_trough_to_recovery',
          'underwater_start_date',
          'underwater_end_date',
          'duration',
        ].map((k) => [k, reason]),
      ),
    };
  }

  let peak = trough;
  while (drawdown[peak]! !== 0) peak--;
  let recovery: number | null = null;
  for (let t = trough + 1; t < wealth.length && recovery === null; t++) if (drawdown[t] === 0) recovery = t;
  const lastIndex = wealth.length - 1;
  const underwaterStart = dates[peak + 1]!;
  const underwaterEnd = dates[recovery === null ? lastIndex : recovery - 1]!;
  const notRecovered = 'the drawdown has not recovered by the last date';

  let duration: number | null;
  if (convention === 'quantstats') {
    duration = calendarDaysBetween(underwaterStart, underwaterEnd) + 1;
  } else if (recovery === null) {
    duration = null;
  } else if (convention === 'pyfolio') {
    duration = weekdaysInclusive(dates[peak]!, dates[recovery]!);
  } else {
    duration = recovery - peak;
  }

  const nullReasons: DrawdownAnalysis['nullReasons'] = {};
  if (recovery === null) {
    nullReasons.recovery_date = notRecovered;
    nullReasons.periods_trough_to_recovery = notRecovered;
    if (duration === null) nullReasons.duration = notRecovered;
  }
  return {
    series,
    maxDrawdown: {
      value,
      peak_date: dates[peak]!,
      trough_date: dates[trough]!,
      recovery_date: recovery === null ? null : dates[recovery]!,
      peak_value: wealth[peak]!,
      trough_value: wealth[trough]!,
      periods_peak_to_trough: trough - peak,
      periods_trough_to_recovery: recovery === null ? null : recovery - trough,
      underwater_start_date: underwaterStart,
      underwater_end_date: underwaterEnd,
      duration,
      duration_unit: unit,
    },
    nullReasons,
  };
}
