import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** A shared reference case's tolerance: |actual − expected| ≤ max(abs, rel·|expected|) (methodology §1.1). */
export type Tolerance = { rel: number; abs: number };

/** The cases of one file of test/fixtures/vectors (copied verbatim from ../shared/vectors/). */
export const readVectors = <C>(file: string): C[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/vectors/${file}`, import.meta.url), 'utf8'));

/** The case-level rel/abs, overridden field by field by the key's own entry (methodology §1.1). */
export function toleranceOf(c: { tolerance: Tolerance & Record<string, unknown> }, key: string): Tolerance {
  const own = c.tolerance[key];
  const override = typeof own === 'object' && own !== null ? (own as Partial<Tolerance>) : {};
  return { rel: override.rel ?? c.tolerance.rel, abs: override.abs ?? c.tolerance.abs };
}

/**
 * Arrays element by element (same length); a number within the tolerance unless `exact(expected)` says it
 * must be equal; anything else (dates, counts, null: undefined in the methodology §1.1) equal.
 */
export function expectMatch(
  actual: unknown,
  expected: unknown,
  tol: Tolerance,
  where: string,
  exact: (expected: number) => boolean,
): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, where).toBe(expected.length);
    expected.forEach((e, i) => {
      expectMatch((actual as unknown[])[i], e, tol, `${where}[${i}]`, exact);
    });
  } else if (typeof expected === 'number' && !exact(expected)) {
    expect(typeof actual, where).toBe('number');
    const bound = Math.max(tol.abs, tol.rel * Math.abs(expected));
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      bound,
    );
  } else {
    expect(actual, where).toEqual(expected);
  }
}

/** A case of test/fixtures/vectors/returns.json (TWR, Modified Dietz, MWR, IRR). */
export interface ReturnsCase {
  name: string;
  kind: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: Tolerance & Record<string, unknown>;
}

/** The returns cases of one kind, as [name, case] rows for it.each. */
export const returnsCasesOf = (kind: string) =>
  readVectors<ReturnsCase>('returns.json')
    .filter((c) => c.kind === kind)
    .map((c) => [c.name, c] as const);
