import { describe, expect, it } from 'vitest';
import { valuePortfolio } from './series.ts';
import { at, cashflow, close, portfolioInput, position, px, quote, rowOf } from './testing.ts';

/** Position days computed by hand. Float results: 1e-9 relative (`close`); exact where the arithmetic is. */

describe('position days: prices', () => {
  // Fri 2024-01-05 .. Tue 2024-01-09; AAA priced Friday and Monday only.
  const series = valuePortfolio(
    portfolioInput(
      'USD',
      '2024-01-04',
      '2024-01-09',
      [
        position('AAA', 'USD', [at('2024-01-05', 10, 950)]),
        position('BBB', 'USD', [at('2024-01-04', 5, 400)]),
      ],
      { AAA: [px('2024-01-05', 100), px('2024-01-08', 110)], BBB: [px('2024-01-06', 90)] },
    ),
  );
  const aaa = (date: string) => rowOf(series.positions, 'AAA', date);
  const bbb = (date: string) => rowOf(series.positions, 'BBB', date);

  it('starts a position on its first history date, with BOD 0', () => {
    expect(series.positions.filter((r) => r.security_id === 'AAA').map((r) => r.date)).toEqual([
      '2024-01-05',
      '2024-01-06',
      '2024-01-07',
      '2024-01-08',
      '2024-01-09',
    ]);
    expect(aaa('2024-01-05')).toMatchObject({
      quantity: 10,
      cost_basis: 950,
      market_price: 100,
      price_date: '2024-01-05',
      valuation_status: 'CURRENT',
      bod_market_value: 0,
      eod_market_value: 1000,
      eod_market_value_local: 1000,
      unrealized_gain_loss: 50,
      unrealized_gain_loss_local: 50,
      fx_rate: 1,
      fx_date: null,
      incomplete_reason: null,
    });
  });

  it('carries the price forward over the weekend as STALE with its date', () => {
    for (const date of ['2024-01-06', '2024-01-07']) {
      expect(aaa(date)).toMatchObject({
        valuation_status: 'STALE',
        price_date: '2024-01-05',
        bod_market_value: 1000,
        eod_market_value: 1000,
      });
    }
    expect(aaa('2024-01-08')).toMatchObject({
      valuation_status: 'CURRENT',
      bod_market_value: 1000,
      eod_market_value: 1100,
    });
    expect(aaa('2024-01-09')).toMatchObject({ valuation_status: 'STALE', price_date: '2024-01-08' });
  });

  it('leaves a position without a price yet UNVALUED: null values, NO_PRICE, never 0', () => {
    expect(bbb('2024-01-04')).toMatchObject({
      valuation_status: 'UNVALUED',
      market_price: null,
      price_date: null,
      bod_market_value: 0,
      eod_market_value: null,
      eod_market_value_local: null,
      unrealized_gain_loss: null,
      incomplete_reason: 'NO_PRICE',
    });
    expect(bbb('2024-01-05').bod_market_value).toBeNull();
    expect(bbb('2024-01-06')).toMatchObject({
      valuation_status: 'CURRENT',
      bod_market_value: null,
      eod_market_value: 450,
    });
    const day = series.portfolio.find((d) => d.date === '2024-01-05');
    expect(day).toMatchObject({ eod_market_value: 1000, complete: false, incomplete_reason: 'NO_PRICE BBB' });
  });
});

describe('position days: cash and currencies', () => {
  it('values cash at 1 of its currency with no price fact, always CURRENT', () => {
    const series = valuePortfolio(
      portfolioInput('USD', '2024-01-05', '2024-01-06', [
        position('CASH_USD', 'USD', [at('2024-01-05', 500, 500)], [], { is_cash: true }),
      ]),
    );
    expect(rowOf(series.positions, 'CASH_USD', '2024-01-06')).toMatchObject({
      market_price: 1,
      price_date: '2024-01-06',
      valuation_status: 'CURRENT',
      bod_market_value: 500,
      eod_market_value: 500,
    });
  });

  it('converts a EUR stock into a USD base with the direct quote, and records its date', () => {
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-05',
        [position('SAP', 'EUR', [at('2024-01-05', 10, 1050, 1000)])],
        {
          SAP: [px('2024-01-05', 120, 'EUR')],
        },
        [quote('EUR/USD', '2024-01-03', 1.1)],
      ),
    );
    const row = rowOf(series.positions, 'SAP', '2024-01-05');
    expect(row).toMatchObject({
      eod_market_value_local: 1200,
      unrealized_gain_loss_local: 200,
      fx_rate: 1.1,
      fx_date: '2024-01-03',
    });
    expect(close(row.eod_market_value, 1320)).toBe(true);
    expect(close(row.unrealized_gain_loss, 270)).toBe(true);
  });

  it('inverts the opposite quote', () => {
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-05',
        [position('SAP', 'EUR', [at('2024-01-05', 10, 1000)])],
        {
          SAP: [px('2024-01-05', 120, 'EUR')],
        },
        [quote('USD/EUR', '2024-01-04', 0.8)],
      ),
    );
    const row = rowOf(series.positions, 'SAP', '2024-01-05');
    expect(row).toMatchObject({ fx_rate: 1.25, fx_date: '2024-01-04', eod_market_value: 1500 });
  });

  it('triangulates CHF into a EUR base through USD, dated by the older leg', () => {
    const series = valuePortfolio(
      portfolioInput(
        'EUR',
        '2024-01-05',
        '2024-01-05',
        [position('NESN', 'CHF', [at('2024-01-05', 10, 900)])],
        {
          NESN: [px('2024-01-05', 100, 'CHF')],
        },
        [quote('CHF/USD', '2024-01-02', 1.15), quote('EUR/USD', '2024-01-04', 1.1)],
      ),
    );
    const row = rowOf(series.positions, 'NESN', '2024-01-05');
    expect(row.fx_date).toBe('2024-01-02');
    expect(close(row.fx_rate, 1.15 / 1.1)).toBe(true);
    expect(close(row.eod_market_value, (1000 * 1.15) / 1.1)).toBe(true);
  });

  it('converts a price quoted in another currency into the instrument’s before valuing', () => {
    // A EUR instrument priced in USD: 110 USD at EUR/USD 1.1 is 100 EUR.
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-05',
        [position('ADR', 'EUR', [at('2024-01-05', 10, 1000)])],
        {
          ADR: [px('2024-01-05', 110, 'USD')],
        },
        [quote('EUR/USD', '2024-01-05', 1.1)],
      ),
    );
    const row = rowOf(series.positions, 'ADR', '2024-01-05');
    expect(close(row.market_price, 100)).toBe(true);
    expect(close(row.eod_market_value_local, 1000)).toBe(true);
    expect(close(row.eod_market_value, 1100)).toBe(true);
  });

  it('leaves the base value null with MISSING_FX until the rate arrives, and heals then', () => {
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-07',
        [position('SAP', 'EUR', [at('2024-01-05', 10, 1000)])],
        {
          SAP: [px('2024-01-05', 120, 'EUR')],
        },
        [quote('EUR/USD', '2024-01-07', 1.1)],
      ),
    );
    expect(rowOf(series.positions, 'SAP', '2024-01-06')).toMatchObject({
      eod_market_value_local: 1200,
      eod_market_value: null,
      unrealized_gain_loss: null,
      fx_rate: null,
      price_date: '2024-01-05',
      // Issue 10: a price but no FX to base is UNVALUED (it said STALE here, CURRENT on the 5th).
      valuation_status: 'UNVALUED',
      incomplete_reason: 'MISSING_FX EUR/USD',
    });
    expect(rowOf(series.positions, 'SAP', '2024-01-05').valuation_status).toBe('UNVALUED');
    expect(rowOf(series.positions, 'SAP', '2024-01-07')).toMatchObject({
      valuation_status: 'STALE',
      fx_date: '2024-01-07',
      incomplete_reason: null,
    });
    expect(series.portfolio.map((d) => [d.date, d.complete, d.incomplete_reason])).toEqual([
      ['2024-01-05', false, 'MISSING_FX EUR/USD SAP'],
      ['2024-01-06', false, 'MISSING_FX EUR/USD SAP'],
      ['2024-01-07', true, null],
    ]);
    expect(close(series.portfolio[2]?.eod_market_value ?? null, 1320)).toBe(true);
    expect(series.portfolio[2]?.bod_market_value).toBe(0);
  });

  it('reports a price quoted in a currency it cannot convert as MISSING_FX of that pair', () => {
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-05',
        [position('ADR', 'EUR', [at('2024-01-05', 10, 1000)])],
        {
          ADR: [px('2024-01-05', 110, 'GBP')],
        },
        [quote('EUR/USD', '2024-01-05', 1.1)],
      ),
    );
    expect(rowOf(series.positions, 'ADR', '2024-01-05')).toMatchObject({
      market_price: null,
      eod_market_value_local: null,
      eod_market_value: null,
      valuation_status: 'UNVALUED',
      incomplete_reason: 'MISSING_FX GBP/EUR',
    });
  });
});

describe('position days: flows and closing', () => {
  it('books flows into the position by timing, in local (instrument currency) and base', () => {
    // A EUR stock bought for 1,010 EUR (gross 1,000 + fee 10) at 1.1 in a USD portfolio, sold 2 days later.
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-09',
        [
          position(
            'SAP',
            'EUR',
            [at('2024-01-05', 10, 1111, 1010), at('2024-01-07', 0, 0, 0)],
            [
              cashflow('BUY', '2024-01-05', 1010, { currency: 'EUR', fx: 1.1, fee_base: 11 }),
              cashflow('SELL', '2024-01-07', 1200, { currency: 'EUR', fx: 1.1, realized: 209 }),
            ],
          ),
        ],
        { SAP: [px('2024-01-05', 100, 'EUR'), px('2024-01-07', 120, 'EUR')] },
        [quote('EUR/USD', '2024-01-01', 1.1)],
      ),
    );
    const buy = rowOf(series.positions, 'SAP', '2024-01-05');
    expect(buy).toMatchObject({ bod_cashflow_local: 1010, eod_cashflow_local: 0, fees: 11 });
    expect(close(buy.bod_cashflow, 1111)).toBe(true);
    const sell = rowOf(series.positions, 'SAP', '2024-01-07');
    expect(sell).toMatchObject({
      quantity: 0,
      eod_market_value: 0,
      eod_market_value_local: 0,
      eod_cashflow_local: -1200,
    });
    expect(close(sell.bod_market_value, 1100)).toBe(true);
    expect(close(sell.eod_cashflow, -1320)).toBe(true);
    // Closed and idle afterwards: no more rows.
    expect(series.positions.map((r) => r.date)).toEqual(['2024-01-05', '2024-01-06', '2024-01-07']);
    expect(series.portfolio.find((d) => d.date === '2024-01-07')?.realized_gain_loss).toBe(209);
  });

  it('converts a flow booked in another currency than the instrument’s into the instrument’s', () => {
    // A USD-quoted dividend on a EUR stock: 110 USD is 100 EUR leaving the position.
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-05',
        [position('SAP', 'EUR', [at('2024-01-05', 10, 1000)], [cashflow('DIVIDEND', '2024-01-05', 110)])],
        { SAP: [px('2024-01-05', 100, 'EUR')] },
        [quote('EUR/USD', '2024-01-01', 1.1)],
      ),
    );
    const row = rowOf(series.positions, 'SAP', '2024-01-05');
    expect(close(row.eod_cashflow_local, -100)).toBe(true);
    expect(row).toMatchObject({ eod_cashflow: -110, income: 110 });
  });

  it('shows a closed position again on a day with a flow, from a BOD of 0', () => {
    const series = valuePortfolio(
      portfolioInput(
        'USD',
        '2024-01-05',
        '2024-01-10',
        [
          position(
            'AAA',
            'USD',
            [at('2024-01-05', 10, 1000), at('2024-01-06', 0, 0)],
            [cashflow('DIVIDEND', '2024-01-09', 5)],
          ),
        ],
        { AAA: [px('2024-01-05', 100)] },
      ),
    );
    expect(series.positions.map((r) => [r.date, r.quantity, r.bod_market_value, r.eod_market_value])).toEqual(
      [
        ['2024-01-05', 10, 0, 1000],
        ['2024-01-06', 0, 1000, 0],
        ['2024-01-09', 0, 0, 0],
      ],
    );
  });
});
