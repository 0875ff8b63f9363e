/**
 * A figure an analytics function may be unable to define for the data it was given (a ratio over zero
 * volatility, an IRR with no sign change). It is then null with the reason, never NaN or Infinity: clients of
 * a financial API must not have to test for IEEE specials, and a bare null would not say why.
 */
export type Figure = { value: number; reason?: undefined } | { value: null; reason: string };

export const undefinedBecause = (reason: string): Figure => ({ value: null, reason });

/** A computed number as a figure: a non-finite result becomes null with the reason given. */
export const figureOf = (
  value: number,
  reasonIfNotFinite = 'not a finite number for these inputs',
): Figure => (Number.isFinite(value) ? { value } : { value: null, reason: reasonIfNotFinite });

/**
 * Splits named figures into the two maps the API returns: `values` (number or null) and `null_reasons`
 * (the reason for each null, by the same name).
 */
export function splitFigures<K extends string>(
  figures: Readonly<Record<K, Figure>>,
): { values: Record<K, number | null>; null_reasons: Partial<Record<K, string>> } {
  const values = {} as Record<K, number | null>;
  const null_reasons: Partial<Record<K, string>> = {};
  for (const name of Object.keys(figures) as K[]) {
    const f = figures[name];
    values[name] = f.value;
    if (f.value === null) null_reasons[name] = f.reason;
  }
  return { values, null_reasons };
}
