import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Dec, dec, negate, ONE, proRata, QUOTIENT_SCALE, quotient, sum, toNumeric, ZERO } from './money.ts';

describe('money', () => {
  it('writes the canonical numeric text: no exponent, no trailing zeros, one zero', () => {
    expect(toNumeric(dec('1.50'))).toBe('1.5');
    expect(toNumeric(dec('500000'))).toBe('500000');
    expect(toNumeric(dec('1e21'))).toBe('1000000000000000000000');
    expect(toNumeric(dec('1e-12'))).toBe('0.000000000001');
    expect(toNumeric(dec('-0'))).toBe('0');
    expect(toNumeric(dec('-2.500'))).toBe('-2.5');
    expect(() => toNumeric(dec(Number.NaN))).toThrow(/not a finite number/);
  });

  it('is exact on sums and products far past a double', () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; the product needs 23 digits (Python Decimal).
    expect(toNumeric(dec('0.1').plus('0.2'))).toBe('0.3');
    expect(toNumeric(dec('123456789012345.6789').times('1.0823'))).toBe('133617282748061.72827347');
  });

  it('holds a quotient to QUOTIENT_SCALE places, exact when it terminates', () => {
    expect(QUOTIENT_SCALE).toBe(24);
    expect(toNumeric(quotient(dec(1), dec(3)))).toBe(`0.${'3'.repeat(24)}`);
    expect(toNumeric(quotient(dec(2), dec(3)))).toBe(`0.${'6'.repeat(23)}7`);
    expect(toNumeric(proRata(dec('5005'), dec(20), dec(100)))).toBe('1001');
    // Banker's rounding on the last place: ...5 rounds to even.
    expect(toNumeric(quotient(dec(`0.${'0'.repeat(23)}25`), ONE))).toBe(`0.${'0'.repeat(23)}2`);
  });

  it('keeps its own precision when handed a Decimal of another configuration', () => {
    const Coarse = Decimal.clone({ precision: 5 });
    const x = dec(new Coarse('1.23456789'));
    expect(x).toBeInstanceOf(Dec);
    expect(toNumeric(x.times('3'))).toBe('3.70370367');
  });

  it('negates without a negative zero and sums', () => {
    expect(Object.is(negate(ZERO).s, 1)).toBe(true);
    expect(toNumeric(negate(dec('2.5')))).toBe('-2.5');
    expect(toNumeric(sum([dec('1.1'), dec('2.2'), dec('-0.3')]))).toBe('3');
    expect(toNumeric(sum([]))).toBe('0');
  });
});
