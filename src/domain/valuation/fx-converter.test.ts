import { describe, expect, it } from 'vitest';
import { fxConverterOf } from './fx-converter.ts';
import { quote } from './testing.ts';

/** Tolerance: 1e-12 relative (toBeCloseTo at 12 digits on rates of order 1). */

describe('fx converter', () => {
  it('converts a currency into itself at 1, with no date', () => {
    expect(fxConverterOf([])('EUR', 'EUR', '2024-01-01')).toEqual({
      rate: 1,
      rate_date: null,
      route: 'SAME',
    });
  });

  it('uses the latest direct quote on or before the day, and nothing before the first', () => {
    const fx = fxConverterOf([quote('EUR/USD', '2024-01-05', 1.1), quote('EUR/USD', '2024-01-08', 1.2)]);
    expect(fx('EUR', 'USD', '2024-01-04')).toBeUndefined();
    expect(fx('EUR', 'USD', '2024-01-05')).toEqual({ rate: 1.1, rate_date: '2024-01-05', route: 'DIRECT' });
    expect(fx('EUR', 'USD', '2024-01-07')).toEqual({ rate: 1.1, rate_date: '2024-01-05', route: 'DIRECT' });
    expect(fx('EUR', 'USD', '2024-02-01')).toEqual({ rate: 1.2, rate_date: '2024-01-08', route: 'DIRECT' });
  });

  it('inverts the opposite quote', () => {
    const fx = fxConverterOf([quote('USD/EUR', '2024-01-05', 0.8)]);
    expect(fx('EUR', 'USD', '2024-01-06')).toEqual({ rate: 1.25, rate_date: '2024-01-05', route: 'INVERSE' });
  });

  it('takes the more recent of a direct and an inverse quote, the direct one on a tie', () => {
    const fx = fxConverterOf([
      quote('EUR/USD', '2024-01-05', 1.1),
      quote('USD/EUR', '2024-01-06', 0.8),
      quote('EUR/USD', '2024-01-07', 1.3),
      quote('USD/EUR', '2024-01-07', 0.5),
    ]);
    expect(fx('EUR', 'USD', '2024-01-05')?.route).toBe('DIRECT');
    expect(fx('EUR', 'USD', '2024-01-06')).toEqual({ rate: 1.25, rate_date: '2024-01-06', route: 'INVERSE' });
    expect(fx('EUR', 'USD', '2024-01-07')).toEqual({ rate: 1.3, rate_date: '2024-01-07', route: 'DIRECT' });
    expect(fx('USD', 'EUR', '2024-01-07')).toEqual({ rate: 0.5, rate_date: '2024-01-07', route: 'DIRECT' });
  });

  it('triangulates through the pivot, each leg direct or inverse, dated by the older leg', () => {
    // CHF→EUR = CHF→USD (direct 1.15) × USD→EUR (inverse of EUR/USD 1.1).
    const fx = fxConverterOf([quote('CHF/USD', '2024-01-03', 1.15), quote('EUR/USD', '2024-01-05', 1.1)]);
    const r = fx('CHF', 'EUR', '2024-01-06');
    expect(r?.route).toBe('TRIANGULATED');
    expect(r?.rate_date).toBe('2024-01-03');
    expect(r?.rate).toBeCloseTo(1.15 / 1.1, 12);
    expect(fx('EUR', 'CHF', '2024-01-06')?.rate).toBeCloseTo(1.1 / 1.15, 12);
    expect(fx('CHF', 'EUR', '2024-01-04')).toBeUndefined(); // the EUR leg is not quoted yet
  });

  it('prefers a single quote to triangulation, and triangulates through a configured pivot', () => {
    const quotes = [
      quote('CHF/EUR', '2024-01-01', 0.9),
      quote('CHF/USD', '2024-01-05', 1.15),
      quote('EUR/USD', '2024-01-05', 1.1),
    ];
    expect(fxConverterOf(quotes)('CHF', 'EUR', '2024-01-06')).toEqual({
      rate: 0.9,
      rate_date: '2024-01-01',
      route: 'DIRECT',
    });
    const viaEur = fxConverterOf(
      [quote('GBP/EUR', '2024-01-02', 1.2), quote('CHF/EUR', '2024-01-03', 0.95)],
      'EUR',
    );
    const r = viaEur('GBP', 'CHF', '2024-01-03');
    expect(r?.route).toBe('TRIANGULATED');
    expect(r?.rate).toBeCloseTo(1.2 / 0.95, 12);
    expect(fxConverterOf([quote('GBP/EUR', '2024-01-02', 1.2)])('GBP', 'CHF', '2024-01-03')).toBeUndefined();
  });

  it('ignores non-positive rates and lets a later quote of the same day replace an earlier one', () => {
    const fx = fxConverterOf([
      quote('EUR/USD', '2024-01-05', 0),
      quote('JPY/USD', '2024-01-05', 0.007),
      quote('JPY/USD', '2024-01-05', 0.0068),
    ]);
    expect(fx('EUR', 'USD', '2024-01-05')).toBeUndefined();
    expect(fx('JPY', 'USD', '2024-01-05')?.rate).toBe(0.0068);
  });
});
