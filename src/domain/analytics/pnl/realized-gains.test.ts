import { describe, expect, it } from 'vitest';
import { type LotDisposalRow, realizedGainsReport, taxYearOf, taxYearsBetween } from './realized-gains.ts';

/**
 * One sale of 12 shares for net proceeds of 954 (12 × 80 − a fee of 6), FIFO: 10 from a lot bought on
 * 2022-06-01 for 500 and 2 from a lot of 5 bought on 2023-12-01 for 300 (cost 120). Proceeds split 10/12 and
 * 2/12: 795 and 159. Holding periods: 589 and 41 days.
 */
const sale: LotDisposalRow[] = [
  {
    transaction_id: 'S1',
    security_id: 'MSFT',
    disposal_date: '2024-01-11',
    lot_id: 'LOT-B2',
    acquisition_date: '2023-12-01',
    quantity: '2',
    cost_base: '120',
    sale_proceeds_base: '954',
  },
  {
    transaction_id: 'S1',
    security_id: 'MSFT',
    disposal_date: '2024-01-11',
    lot_id: 'LOT-B1',
    acquisition_date: '2022-06-01',
    quantity: '10',
    cost_base: '500',
    sale_proceeds_base: '954',
  },
];

describe('realized gains per lot and tax year', () => {
  it('splits proceeds by quantity, dates the holding period and the term (hand-worked)', () => {
    const report = realizedGainsReport(sale, { start: '2022-06-01', end: '2024-01-15' });
    expect(report.tax_years.map((y) => y.tax_year)).toEqual(['2022', '2023', '2024']);
    const [y2024] = report.tax_years.slice(-1);
    expect(y2024?.disposals).toEqual([
      {
        disposal_date: '2024-01-11',
        transaction_id: 'S1',
        security_id: 'MSFT',
        lot_id: 'LOT-B1',
        acquisition_date: '2022-06-01',
        quantity: '10',
        cost: '500',
        proceeds: '795',
        gain: '295',
        holding_period_days: 589,
        term: 'LONG',
      },
      {
        disposal_date: '2024-01-11',
        transaction_id: 'S1',
        security_id: 'MSFT',
        lot_id: 'LOT-B2',
        acquisition_date: '2023-12-01',
        quantity: '2',
        cost: '120',
        proceeds: '159',
        gain: '39',
        holding_period_days: 41,
        term: 'SHORT',
      },
    ]);
    expect(report.totals).toEqual({
      proceeds: '954',
      cost: '620',
      gain: '334',
      short_term_gain: '39',
      long_term_gain: '295',
      disposal_count: 2,
    });
    expect(report.tax_years[0]).toMatchObject({
      start_date: '2022-01-01',
      end_date: '2022-12-31',
      gain: '0',
      disposals: [],
    });
  });

  it('a split that does not divide evenly: the last lot takes the remainder, so the parts add up exactly', () => {
    const thirds = ['L1', 'L2', 'L3'].map((lot_id, i) => ({
      transaction_id: 'S2',
      security_id: 'X',
      disposal_date: '2024-03-01',
      lot_id,
      acquisition_date: `2024-01-0${i + 1}`,
      quantity: '1',
      cost_base: '0',
      sale_proceeds_base: '100',
    }));
    const { totals, tax_years } = realizedGainsReport(thirds, { start: '2024-01-01', end: '2024-12-31' });
    expect(tax_years[0]?.disposals.map((d) => d.proceeds)).toEqual([
      '33.333333333333333333333333',
      '33.333333333333333333333333',
      '33.333333333333333333333334',
    ]);
    expect(totals.proceeds).toBe('100');
  });

  it('exactly 365 days is short term, 366 long (the threshold is "more than")', () => {
    const lot = (acquisition_date: string, lot_id: string) => ({
      transaction_id: 'S3',
      security_id: 'X',
      disposal_date: '2024-03-01',
      lot_id,
      acquisition_date,
      quantity: '1',
      cost_base: '1',
      sale_proceeds_base: '4',
    });
    // 2023-03-02 → 2024-03-01 is 365 days (the leap day inside); 2023-03-01 → 2024-03-01 is 366.
    const { tax_years } = realizedGainsReport([lot('2023-03-02', 'A'), lot('2023-03-01', 'B')], {
      start: '2024-01-01',
      end: '2024-12-31',
    });
    expect(tax_years[0]?.disposals.map((d) => [d.lot_id, d.holding_period_days, d.term])).toEqual([
      ['B', 366, 'LONG'],
      ['A', 365, 'SHORT'],
    ]);
  });

  it('tax years of early dates: four-digit years, no RangeError, none skipped (issue 10)', () => {
    expect(taxYearOf('0099-06-01', '01-01')).toEqual({
      tax_year: '0099',
      start_date: '0099-01-01',
      end_date: '0099-12-31',
    });
    expect(taxYearOf('0001-01-01', '04-06')).toEqual({
      tax_year: '0000/0001',
      start_date: '0000-04-06',
      end_date: '0001-04-05',
    });
    expect(taxYearsBetween('0999-06-01', '1000-06-01', '04-06').map((y) => y.tax_year)).toEqual([
      '0999/1000',
      '1000/1001',
    ]);
  });

  it('tax years starting on 6 April, and disposals outside the period left out', () => {
    expect(taxYearOf('2024-01-11', '04-06')).toEqual({
      tax_year: '2023/2024',
      start_date: '2023-04-06',
      end_date: '2024-04-05',
    });
    expect(taxYearOf('2024-04-06', '04-06').tax_year).toBe('2024/2025');
    expect(taxYearsBetween('2022-06-01', '2024-01-15', '04-06').map((y) => y.tax_year)).toEqual([
      '2022/2023',
      '2023/2024',
    ]);
    const report = realizedGainsReport(sale, { start: '2024-01-12', end: '2024-12-31' });
    expect(report.totals.disposal_count).toBe(0);
  });
});
