import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Parsed,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseDecimal,
  parseEnum,
  parseInstant,
  parseText,
} from './fields.ts';

const value = <V>(p: Parsed<V>): V => {
  if (!p.ok) throw new Error(`expected a value, got error: ${p.message}`);
  return p.value;
};
const message = <V>(p: Parsed<V>): string => {
  if (p.ok) throw new Error(`expected an error, got ${JSON.stringify(p.value)}`);
  return p.message;
};

describe('parseDecimal', () => {
  it.each([
    ['1.10', '1.1'],
    [1.1, '1.1'],
    ['500000', '500000'],
    [500000, '500000'],
    ['1e3', '1000'],
    ['1E-7', '0.0000001'],
    ['-0', '0'],
    [-0, '0'],
    ['0.000', '0'],
    [' 2.50 ', '2.5'],
    ['00012.500', '12.5'],
    ['+3', '3'],
    ['.5', '0.5'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('%j → %s', (raw, expected) => {
    expect(value(parseDecimal(raw))).toBe(expected);
  });

  it.each([['abc'], ['0x10'], ['Infinity'], ['NaN'], [''], ['1,5'], [true], [null], [{}], ['1e999']])(
    'refuses %j',
    (raw) => {
      expect(message(parseDecimal(raw))).toMatch(/must be|out of range/);
    },
  );

  it('applies bounds', () => {
    expect(message(parseDecimal('0', 'positive'))).toBe('must be greater than 0, got 0');
    expect(message(parseDecimal('-1.50', 'positive'))).toBe('must be greater than 0, got -1.5');
    expect(value(parseDecimal('0', 'nonNegative'))).toBe('0');
    expect(value(parseDecimal('-0', 'nonNegative'))).toBe('0');
    expect(message(parseDecimal(-0.01, 'nonNegative'))).toBe('must not be negative, got -0.01');
  });

  it('gives a canonical form: idempotent, no exponent, no trailing zeros, same for a number and its text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), (x) => {
        const fromNumber = parseDecimal(x);
        const fromText = parseDecimal(String(x));
        expect(fromNumber).toEqual(fromText);
        if (!fromNumber.ok) return;
        expect(parseDecimal(fromNumber.value)).toEqual(fromNumber);
        expect(fromNumber.value).not.toMatch(/[eE]|\.\d*0$|\.$/);
      }),
    );
  });
});

describe('parseDate', () => {
  it('takes real calendar dates only', () => {
    expect(value(parseDate('2024-02-29'))).toBe('2024-02-29');
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-1-1',
      '20240101',
      '2024-01-01T00:00:00Z',
    ]) {
      expect(message(parseDate(bad))).toMatch(/calendar date/);
    }
    expect(message(parseDate(20240101))).toMatch(/must be a date/);
  });
});

describe('the supported date range (1900-01-01 … 2199-12-31)', () => {
  it.each([['0099-06-01'], ['1899-12-31'], ['2200-01-01'], ['9999-12-31']])('parseDate refuses %s', (raw) => {
    expect(message(parseDate(raw))).toBe(
      `must lie within the supported range 1900-01-01 … 2199-12-31, got "${raw}"`,
    );
  });

  it('parseDate takes both ends', () => {
    expect(value(parseDate('1900-01-01'))).toBe('1900-01-01');
    expect(value(parseDate('2199-12-31'))).toBe('2199-12-31');
  });

  it.each([
    ['9999-12-31T23:00:00-05:00', '+010000-01-01T04:00:00.000Z'],
    ['0001-01-01T00:30:00+01:00', '0000-12-31T23:30:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
    // Inside the range by the clock on the wall, outside once normalised to UTC.
    ['2199-12-31T23:00:00-05:00', '2200-01-01T04:00:00.000Z'],
    ['1900-01-01T00:30:00+01:00', '1899-12-31T23:30:00.000Z'],
  ])('parseInstant refuses %s (UTC %s)', (raw, utc) => {
    expect(message(parseInstant(raw))).toBe(
      `must lie within the supported range 1900-01-01 … 2199-12-31, got "${raw}", which is ${utc} in UTC`,
    );
  });
});

describe('parseInstant', () => {
  it.each([
    ['2024-11-01', '2024-11-01T00:00:00.000Z'],
    ['2024-11-01T09:00:00Z', '2024-11-01T09:00:00.000Z'],
    ['2024-11-01T09:00:00', '2024-11-01T09:00:00.000Z'],
    ['2024-11-01 09:00', '2024-11-01T09:00:00.000Z'],
    ['2024-11-01T09:00:00+02:00', '2024-11-01T07:00:00.000Z'],
    ['2024-11-01T00:30:00+0100', '2024-10-31T23:30:00.000Z'],
    ['2024-11-01T23:30:00-05:00', '2024-11-02T04:30:00.000Z'],
    ['2024-11-01T09:00:00.123456789Z', '2024-11-01T09:00:00.123Z'],
    ['2024-11-01T23:59:59.9999Z', '2024-11-01T23:59:59.999Z'],
    ['1900-01-01T00:30:00+00:30', '1900-01-01T00:00:00.000Z'],
    ['2199-12-31T18:59:59-05:00', '2199-12-31T23:59:59.000Z'],
  ])('%s → %s', (raw, expected) => {
    expect(value(parseInstant(raw))).toBe(expected);
  });

  it.each([
    ['2024-11-01T25:00'],
    ['2024-02-30T00:00:00Z'],
    ['yesterday'],
    ['2024-11-01T09:00:00+25:00'],
    [1730451600],
  ])('refuses %j', (raw) => {
    expect(message(parseInstant(raw))).toMatch(/ISO-8601/);
  });
});

describe('parseText', () => {
  it('refuses a NUL character, which PostgreSQL cannot store', () => {
    expect(value(parseText('P1 \u00e9'))).toBe('P1 \u00e9');
    expect(message(parseText('P\u00001'))).toBe('must not contain a NUL character (U+0000)');
  });
});

describe('parseCurrency, parseBoolean, parseEnum', () => {
  it('upper-cases three-letter codes', () => {
    expect(value(parseCurrency('usd'))).toBe('USD');
    for (const bad of ['US', 'US1', 'USDX', 840]) expect(message(parseCurrency(bad))).toMatch(/three-letter/);
  });

  it('takes active ISO 4217 codes only', () => {
    for (const code of ['CHF', 'jpy', 'XAU', 'ZWG'])
      expect(value(parseCurrency(code))).toBe(code.toUpperCase());
    for (const bad of ['ZZZ', 'CNH', 'ABC', 'DEM']) {
      expect(message(parseCurrency(bad))).toMatch(
        /^must be an active ISO 4217 currency code \(list of \d{4}-\d\d-\d\d\)/,
      );
    }
  });

  it('reads booleans and their usual spellings', () => {
    expect(value(parseBoolean(true))).toBe(true);
    expect(value(parseBoolean('TRUE'))).toBe(true);
    expect(value(parseBoolean('false'))).toBe(false);
    expect(value(parseBoolean('0'))).toBe(false);
    expect(message(parseBoolean('maybe'))).toMatch(/true or false/);
  });

  it('matches enums case-insensitively and lists the allowed values', () => {
    expect(value(parseEnum('buy', ['BUY', 'SELL']))).toBe('BUY');
    expect(message(parseEnum('BUYX', ['BUY', 'SELL']))).toBe('must be one of BUY, SELL; got "BUYX"');
  });
});
