import { describe, expect, it } from 'vitest';
import { computeContribution } from './contribution.ts';
import { buildDayBook } from './day-book.ts';
import { type SimDay, simulate, WORKED_EXAMPLE } from './testing.ts';

const PLAN = WORKED_EXAMPLE;

const series = simulate('2024-01-02', PLAN);
const window = { start_date: '2024-01-01', end_date: '2024-01-08' };
const ids = ['AAPL', 'CASH', 'XOM'];
const SECTOR: Record<string, string> = { AAPL: 'Technology', XOM: 'Energy', CASH: 'UNCLASSIFIED' };

/** Float rounding of a few dozen operations on these magnitudes. */
const TOL = 14;

describe('contribution: the worked example', () => {
  const book = buildDayBook(series.portfolio, series.positions, window);

  it('the day book: the positions’ capital adds up to the TWR’s capital base every day', () => {
    expect(book.ok).toBe(true);
    if (!book.ok) return;
    expect(book.days.map((d) => d.date)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-06',
      '2024-01-07',
      '2024-01-08',
    ]);
    expect(book.days.map((d) => d.capital)).toEqual([10_000, 10_000, 10_000, 11_200, 11_250, 11_250, 11_250]);
    for (const d of book.days) expect(d.positions_capital).toBe(d.capital);
    // 3 Jan: 8,000 spent on the buys leaves cash with 2,000 at work (its cash leg booked at the close).
    const jan3 = Object.fromEntries(book.days[1]!.positions.map((p) => [p.security_id, p.capital]));
    expect(jan3).toEqual({ AAPL: 4000, CASH: 2000, XOM: 4000 });
    // 5 Jan: the 50 dividend reaches cash at the close, the deposit at the open: 2,000 + 1,000.
    const jan5 = Object.fromEntries(book.days[3]!.positions.map((p) => [p.security_id, [p.capital, p.gain]]));
    expect(jan5).toEqual({ AAPL: [4400, 0], CASH: [3000, 0], XOM: [3800, 50] });
    // 8 Jan: the sale's 2,400 reaches cash at the close: cash works with 3,050.
    const jan8 = Object.fromEntries(book.days[6]!.positions.map((p) => [p.security_id, [p.capital, p.gain]]));
    expect(jan8).toEqual({ AAPL: [4400, 400], CASH: [3050, 0], XOM: [3800, 0] });
  });

  it('GRAP: contributions by hand, summing to the TWR', () => {
    const result = computeContribution(book, ids, {
      linking: 'grap',
      groupOf: (id) => SECTOR[id]!,
    });
    // TWR = 1.02 × (11,250 / 11,200) × (11,650 / 11,250) − 1 = 683 / 11,200.
    expect(result.portfolio_return.value).toBeCloseTo(683 / 11_200, TOL);
    const by = Object.fromEntries(result.positions.map((p) => [p.security_id, p]));
    // AAPL: 4 Jan 400 / 10,000; 8 Jan 400 / 11,250 grown by 1.02 × 11,250 / 11,200.
    expect(by.AAPL!.contribution.value).toBeCloseTo(0.04 + (1.02 * 11_250) / 11_200 / (11_250 / 400), TOL);
    expect(by.AAPL!.contribution.value).toBeCloseTo(107 / 1400, TOL);
    // XOM: 4 Jan −200 / 10,000; 5 Jan 50 / 11,200 grown by 1.02.
    expect(by.XOM!.contribution.value).toBeCloseTo(-173 / 11_200, TOL);
    expect(by.CASH!.contribution.value).toBe(0);
    expect(result.total_contribution.value).toBeCloseTo(683 / 11_200, TOL);
    expect(Math.abs(result.residual.value!)).toBeLessThan(1e-15);

    // Own returns: AAPL 100 → 120; XOM 0.95 × (1 + 50 / 3,800); cash 0.
    expect(by.AAPL!.return.value).toBeCloseTo(0.2, TOL);
    expect(by.XOM!.return.value).toBeCloseTo(0.95 * (3850 / 3800) - 1, TOL);
    expect(by.CASH!.return.value).toBe(0);
    expect(by.AAPL!.gain_loss.value).toBe(800);
    expect(by.XOM!.gain_loss.value).toBe(-150);

    // Average weights over the 7 days with capital at work (0 on 2 Jan for the securities).
    expect(by.AAPL!.average_weight.value).toBeCloseTo((0.8 + 4400 / 11_200 + (3 * 4400) / 11_250) / 7, TOL);
    expect(by.XOM!.average_weight.value).toBeCloseTo((0.8 + 3800 / 11_200 + (3 * 3800) / 11_250) / 7, TOL);
    expect(by.CASH!.average_weight.value).toBeCloseTo((1.4 + 3000 / 11_200 + (3 * 3050) / 11_250) / 7, TOL);

    const groups = Object.fromEntries(result.groups!.map((g) => [g.key, g]));
    expect(result.groups!.map((g) => g.key)).toEqual(['Technology', 'UNCLASSIFIED', 'Energy']);
    expect(groups.Technology!.contribution.value).toBe(by.AAPL!.contribution.value);
    expect(groups.Energy!.security_ids).toEqual(['XOM']);
    expect(groups.Energy!.return.value).toBeCloseTo(by.XOM!.return.value!, TOL);
  });

  it('Carino: the same daily contributions scaled by ln(1+r_t)/r_t ÷ ln(1+R)/R, summing to the TWR', () => {
    const result = computeContribution(book, ids, { linking: 'carino' });
    const k = (r: number) => (r === 0 ? 1 : Math.log(1 + r) / r);
    const R = 683 / 11_200;
    const K = k(R);
    const by = Object.fromEntries(result.positions.map((p) => [p.security_id, p]));
    const r4 = 0.02;
    const r5 = 50 / 11_200;
    const r8 = 400 / 11_250;
    expect(by.AAPL!.contribution.value).toBeCloseTo((0.04 * k(r4) + r8 * k(r8)) / K, TOL);
    expect(by.XOM!.contribution.value).toBeCloseTo((-0.02 * k(r4) + r5 * k(r5)) / K, TOL);
    expect(Math.abs(result.residual.value!)).toBeLessThan(1e-15);
    expect(result.groups).toBeNull();
  });

  it('a period starting after the buys: positions held from the start, nothing before counts', () => {
    const later = buildDayBook(
      series.portfolio,
      series.positions.filter((r) => r.date >= '2024-01-05'),
      { ...window, start_date: '2024-01-05' },
    );
    const result = computeContribution(later, ids, { linking: 'grap' });
    const by = Object.fromEntries(result.positions.map((p) => [p.security_id, p]));
    // 5 Jan 50 / 11,200 (XOM); 8 Jan 400 / 11,250 grown by 11,250 / 11,200 (AAPL).
    expect(by.XOM!.contribution.value).toBeCloseTo(50 / 11_200, TOL);
    expect(by.AAPL!.contribution.value).toBeCloseTo(400 / 11_200, TOL);
    expect(result.portfolio_return.value).toBeCloseTo(11_650 / 11_200 - 1, TOL);
  });
});

describe('contribution: fees and taxes charged on a security', () => {
  it('GROSS adds the fee back to the security and the portfolio; the capital still adds up', () => {
    const plan: SimDay[] = [
      ...PLAN.slice(0, 3),
      {
        prices: {},
        actions: [
          { kind: 'SECURITY_FEE', security: 'XOM', amount: 10 },
          { kind: 'SECURITY_TAX', security: 'AAPL', amount: 4 },
        ],
      },
    ];
    const { portfolio, positions } = simulate('2024-01-02', plan);
    const book = buildDayBook(portfolio, positions, { start_date: '2024-01-05', end_date: '2024-01-05' });
    if (!book.ok) throw new Error(book.reason);
    const [day] = book.days;
    // Cash pays both at the close; taken at the open: 2,000 − 14. The securities take them in at the open.
    const by = Object.fromEntries(day!.positions.map((p) => [p.security_id, [p.capital, p.gain]]));
    expect(by).toEqual({ AAPL: [4404, -4], CASH: [1986, 0], XOM: [3810, 0] });
    expect(day!.positions_capital).toBe(day!.capital);
    // GROSS: the fee is added back, the tax is a loss: −4 / 10,200.
    expect(day!.portfolio_return).toBeCloseTo(-4 / 10_200, 16);
    const result = computeContribution(book, ids, { linking: 'grap' });
    expect(result.positions.find((p) => p.security_id === 'AAPL')!.contribution.value).toBeCloseTo(
      -4 / 10_200,
      16,
    );
    expect(Math.abs(result.residual.value!)).toBeLessThan(1e-16);
  });
});

describe('contribution: undefined figures say why', () => {
  it('an incomplete day, a series that stops short, an unvalued position', () => {
    const rows = series.portfolio.rows.map((r) =>
      r.date === '2024-01-04' ? { ...r, complete: false, incomplete_reason: 'NO_PRICE XOM' } : r,
    );
    const incomplete = { ...series.portfolio, rows };
    const a = computeContribution(buildDayBook(incomplete, series.positions, window), ids, {
      linking: 'grap',
    });
    expect(a.portfolio_return).toEqual({
      value: null,
      reason: 'the valuation at the close of 2024-01-04 is incomplete (NO_PRICE XOM)',
    });
    expect(a.positions.map((p) => p.contribution.value)).toEqual([null, null, null]);

    const short = buildDayBook(
      { span: { first: '2024-01-02', last: '2024-01-06' }, rows: series.portfolio.rows.slice(0, 5) },
      series.positions,
      window,
    );
    expect(short).toEqual({ ok: false, reason: 'the daily series end on 2024-01-06' });

    const unvalued = series.positions.map((p) =>
      p.date === '2024-01-04' && p.security_id === 'XOM'
        ? { ...p, eod_market_value: null, incomplete_reason: 'NO_PRICE' }
        : p,
    );
    const c = buildDayBook(series.portfolio, unvalued, window);
    expect(c).toEqual({ ok: false, reason: 'XOM is not valued on 2024-01-04 (NO_PRICE)' });

    const before = buildDayBook(series.portfolio, [], { start_date: '2023-12-01', end_date: '2023-12-31' });
    expect(before).toEqual({ ok: false, reason: 'no capital at work in the period' });
  });
});
