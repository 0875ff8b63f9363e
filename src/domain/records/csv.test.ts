import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { SPECS } from './specs.ts';

describe('readCsv', () => {
  it('matches headers ignoring case and punctuation, aliases included, and ignores unknown columns', () => {
    const text =
      '\uFEFFPortfolio ID,BASE-CURRENCY,openDate,Risk Exposure,investment_time_horizon,portfolio type,' +
      'Booking Center,CIF ID,status,Notes\r\n' +
      'P1,usd,2024-01-02,Moderate,Long,Advisory,Singapore,C1,ACTIVE,whatever\r\n';
    const table = readCsv(SPECS.portfolio, text);
    expect(table).toEqual({
      ok: true,
      ignoredColumns: ['Notes'],
      rows: [
        {
          rowNumber: 2,
          values: {
            portfolio_id: 'P1',
            base_currency: 'usd',
            open_date: '2024-01-02',
            risk_exposure: 'Moderate',
            investment_time_horizon: 'Long',
            portfolio_type: 'Advisory',
            booking_center_code: 'Singapore',
            client_id: 'C1',
            status: 'ACTIVE',
          },
        },
      ],
    });
  });

  it('turns blank cells into null, skips blank rows and numbers rows as a spreadsheet does', () => {
    const text = 'security_id,price_date,price,currency\nS1,2024-01-01,1.5,USD\n\n,,,\nS2,  ,"2",USD\n';
    const table = readCsv(SPECS.market_price, text);
    expect(table.ok && table.rows).toEqual([
      {
        rowNumber: 2,
        values: { security_id: 'S1', price_date: '2024-01-01', price: '1.5', currency: 'USD' },
      },
      { rowNumber: 5, values: { security_id: 'S2', price_date: null, price: '2', currency: 'USD' } },
    ]);
  });

  it('reads semicolon-separated files', () => {
    const table = readCsv(
      SPECS.fx_rate,
      'from_currency;to_currency;rate_date;rate\nUSD;EUR;2024-01-01;0,92\n',
    );
    expect(table.ok && table.rows[0]?.values).toEqual({
      from_currency: 'USD',
      to_currency: 'EUR',
      rate_date: '2024-01-01',
      rate: '0,92',
    });
  });

  it('refuses two columns naming one field, and malformed CSV', () => {
    expect(readCsv(SPECS.instrument, 'security_id,securityId\nA,B\n')).toEqual({
      ok: false,
      malformed: false,
      message: 'columns "security_id" and "securityId" both name the field security_id; keep one of them',
    });
    expect(readCsv(SPECS.instrument, 'security_id,name\n"A,B\n')).toMatchObject({
      ok: false,
      malformed: true,
    });
  });

  it('gives no rows for an empty file or a header alone', () => {
    expect(readCsv(SPECS.business_date, '')).toEqual({ ok: true, rows: [], ignoredColumns: [] });
    expect(readCsv(SPECS.business_date, 'business_date\n')).toEqual({
      ok: true,
      rows: [],
      ignoredColumns: [],
    });
  });
});
