import { describe, expect, it } from 'vitest';
import { tidyDecimal, tidyFloats } from './float-output.ts';

describe('tidyFloats', () => {
  it('drops binary artefacts and keeps 15 significant digits', () => {
    expect(tidyFloats(7705.877100000001)).toBe(7705.8771);
    expect(tidyFloats(0.1 + 0.2)).toBe(0.3);
    expect(tidyFloats(1 / 3)).toBe(0.333333333333333);
    expect(tidyFloats(123456.78901234567)).toBe(123456.789012346);
  });

  it('prints a value a few units in the last place off a shorter decimal as that decimal (75, not 74.9999999999999)', () => {
    // 0.75 × 100 summed from thirds: 7 ulps below 75 (ulp at 75 is 2^-46 ≈ 1.4e-14).
    const noisy = 75 - 7 * 2 ** -46;
    expect(noisy.toPrecision(15)).toBe('74.9999999999999');
    expect(tidyFloats(noisy)).toBe(75);
    expect(tidyFloats(1.1 * 1.1)).toBe(1.21); // 1.2100000000000002
    expect(tidyFloats(-0.07 * 3)).toBe(-0.21); // -0.21000000000000002
    expect(tidyFloats(1e-7 * 3)).toBe(3e-7); // 3.0000000000000004e-7
    // 30 ulps off is more than noise: the 15 digits stay.
    expect(tidyFloats(75 - 30 * 2 ** -46)).toBe(74.9999999999996);
  });

  it('leaves integers, non-finite numbers, short strings and nulls alone, deep inside objects and arrays', () => {
    const payload = {
      a: 3,
      b: 'P1',
      c: null,
      d: [0.1 + 0.2, { e: 2 ** 60 }],
      f: Number.NaN,
    };
    expect(tidyFloats(payload)).toEqual({ a: 3, b: 'P1', c: null, d: [0.3, { e: 2 ** 60 }], f: Number.NaN });
  });
});

describe('tidyDecimal', () => {
  it('rounds a decimal string half-even to 10 places, trailing zeros dropped', () => {
    expect(tidyDecimal('546.000000000000000000000055')).toBe('546');
    expect(tidyDecimal('0.30000000000000004')).toBe('0.3');
    expect(tidyDecimal('1.00000000005')).toBe('1'); // half to even: ...0|5 → 0
    expect(tidyDecimal('1.00000000015')).toBe('1.0000000002'); // ...1|5 → 2
    expect(tidyDecimal('-2.123456789049')).toBe('-2.123456789');
    expect(tidyDecimal('-0.00000000000001')).toBe('0');
  });

  it('leaves decimals of at most 10 places and every other string as they are', () => {
    for (const s of ['1.1234567891', '500000', '-3.5', 'CASH_USD', '2024-03-01', 'T1.000000000001x']) {
      expect(tidyDecimal(s)).toBe(s);
    }
  });
});
