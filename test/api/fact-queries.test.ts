import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument as instrumentRecord, portfolio as portfolioRecord } from '../support/persist-harness.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, insertRows, openApi } from './api-harness.ts';

/** A stored portfolio row in the API's spellings, version 1 unless said. */
const portfolio = (id: string, over: Record<string, unknown> = {}) => ({
  ...portfolioRecord({
    portfolio_id: id,
    risk_exposure: 'MEDIUM',
    investment_time_horizon: 'LONG',
    portfolio_type: 'DISCRETIONARY',
  }),
  version: 1,
  ...over,
});

const PORTFOLIOS = [
  portfolio('P3', { booking_center_code: 'CH' }),
  portfolio('P1'),
  portfolio('P2', {
    base_currency: 'CHF',
    close_date: '2025-06-30',
    objective: 'Growth',
    client_id: 'C2',
    booking_center_code: 'CH',
    is_leverage_allowed: true,
    advisor_id: 'A9',
    status: 'CLOSED',
    cost_basis_method: 'LIFO',
    cash_mode: 'AUTO',
    version: 3,
  }),
];

/** A stored equity row (no country of risk), version 1 unless said. */
const instrument = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  ...instrumentRecord({ security_id: id, name, isin: `ISIN${id}`, country_of_risk: null }),
  version: 1,
  ...over,
});

const INSTRUMENTS = [
  instrument('S4', 'Zeta Corp'),
  instrument('S2', 'Alpha Inc'),
  instrument('S1', 'Alpha Inc', { currency: 'EUR' }),
  instrument('B1', 'Bund 2030', {
    currency: 'EUR',
    product_type: 'Bond',
    asset_class: 'Fixed Income',
    sector: 'Government',
    country_of_risk: 'DE',
    rating: 'AAA',
    maturity_date: '2030-08-15',
    issuer_id: 'DE-GOV',
    issuer_name: 'Germany',
    ultimate_parent_issuer_id: 'DE',
    ultimate_parent_issuer_name: 'Federal Republic of Germany',
  }),
  instrument('CASH_USD', 'Cash USD', { product_type: 'Cash', asset_class: 'Cash' }),
];
// name, then security_id
const INSTRUMENT_ORDER = ['S1', 'S2', 'B1', 'CASH_USD', 'S4'];
const instrumentsById = new Map(INSTRUMENTS.map((i) => [i.security_id, i]));

const problem = (status: number, body: Record<string, unknown>) => ({
  type: 'about:blank',
  status,
  correlation_id: expect.any(String),
  ...body,
});

describe.each(stores())('fact queries on $kind', (store) => {
  let h: ApiHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    h = await openApi(store);
    const db = h.system.db;
    await insertRows(db, 'portfolios', PORTFOLIOS);
    await insertRows(db, 'instruments', INSTRUMENTS);
    await insertRows(db, 'market_prices', [
      { security_id: 'S1', price_date: '2024-01-03', price: '101.50', currency: 'EUR' },
      { security_id: 'S1', price_date: '2024-01-02', price: '100', currency: 'EUR' },
      { security_id: 'S1', price_date: '2024-01-04', price: '99.123456789012345678', currency: 'EUR' },
      { security_id: 'S2', price_date: '2024-01-02', price: '5', currency: 'USD' },
    ]);
    await insertRows(db, 'fx_rates', [
      { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-03', rate: '1.0950' },
      { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-02', rate: '1.1' },
      { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-02', rate: '0.9' },
    ]);
    await insertRows(db, 'business_dates', [
      {
        calendar_code: 'GLOBAL',
        business_date: '2024-01-03',
        market_code: 'XNYS',
        source_system: 'OPS',
        source_batch_id: 'B7',
      },
      {
        calendar_code: 'GLOBAL',
        business_date: '2024-01-02',
        market_code: null,
        source_system: null,
        source_batch_id: null,
      },
      {
        calendar_code: 'GLOBAL',
        business_date: '2024-01-04',
        market_code: null,
        source_system: null,
        source_batch_id: null,
      },
      {
        calendar_code: 'SIX',
        business_date: '2024-01-05',
        market_code: 'XSWX',
        source_system: null,
        source_batch_id: null,
      },
    ]);
  });
  afterAll(() => h?.close());

  describe('portfolios', () => {
    it('lists every column of every portfolio ordered by portfolio_id, on both spellings', async () => {
      const expected = {
        portfolios: ['P1', 'P2', 'P3'].map((id) => PORTFOLIOS.find((p) => p.portfolio_id === id)),
      };
      for (const url of ['/portfolios', '/portfolios/']) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(expected);
      }
    });

    it('filters by exact client_id, booking_center_code and portfolio_id', async () => {
      const ids = async (qs: string) =>
        (await get(`/portfolios?${qs}`))
          .json()
          .portfolios.map((p: { portfolio_id: string }) => p.portfolio_id);
      expect(await ids('client_id=C1')).toEqual(['P1', 'P3']);
      expect(await ids('client_id=C1&booking_center_code=CH')).toEqual(['P3']);
      expect(await ids('booking_center_code=CH')).toEqual(['P2', 'P3']);
      expect(await ids('portfolio_id=P2')).toEqual(['P2']);
      expect(await ids('client_id=c1')).toEqual([]);
    });

    it('gets one portfolio, or a 404 problem naming the id', async () => {
      const res = await get('/portfolios/P2');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(PORTFOLIOS[2]);

      const missing = await get('/portfolios/NOPE');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.json()).toEqual(
        problem(404, { title: 'Not Found', code: 'NOT_FOUND', detail: expect.stringContaining('NOPE') }),
      );
    });
  });

  describe('instruments', () => {
    it('returns every field, ordered by name then security_id, with total/skip/limit', async () => {
      const res = await get('/instruments');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        total: 5,
        skip: 0,
        limit: 100,
        instruments: INSTRUMENT_ORDER.map((id) => instrumentsById.get(id)),
      });
    });

    it('pages with skip and limit while total counts every match', async () => {
      const page = (await get('/instruments/?skip=1&limit=2')).json();
      expect(page).toEqual({
        total: 5,
        skip: 1,
        limit: 2,
        instruments: INSTRUMENT_ORDER.slice(1, 3).map((id) => instrumentsById.get(id)),
      });
      expect((await get('/instruments?skip=10')).json()).toEqual({
        total: 5,
        skip: 10,
        limit: 100,
        instruments: [],
      });
    });

    it('filters by security_id, product_type, asset_class and currency', async () => {
      const ids = async (qs: string) => {
        const body = (await get(`/instruments?${qs}`)).json();
        expect(body.total).toBe(body.instruments.length);
        return body.instruments.map((i: { security_id: string }) => i.security_id);
      };
      expect(await ids('product_type=Bond')).toEqual(['B1']);
      expect(await ids('asset_class=Equity')).toEqual(['S1', 'S2', 'S4']);
      expect(await ids('currency=eur')).toEqual(['S1', 'B1']);
      expect(await ids('currency=USD&product_type=Equity')).toEqual(['S2', 'S4']);
      expect(await ids('security_id=S4')).toEqual(['S4']);
    });

    it('refuses an out-of-range limit or skip with a 422 naming the parameter', async () => {
      const res = await get('/instruments?limit=5000&skip=-1');
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toEqual(
        problem(422, {
          title: 'Unprocessable Content',
          code: 'VALIDATION_FAILED',
          detail: expect.any(String),
          errors: expect.arrayContaining([
            { index: 0, field: 'limit', message: 'must be <= 1000' },
            { index: 0, field: 'skip', message: 'must be >= 0' },
          ]),
        }),
      );
      expect((await get('/instruments?limit=0')).json().errors).toEqual([
        { index: 0, field: 'limit', message: 'must be >= 1' },
      ]);
    });
  });

  describe('prices', () => {
    it('returns exact canonical decimals in ascending date order', async () => {
      for (const url of ['/prices?security_id=S1', '/prices/?security_id=S1']) {
        const res = await get(url);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          security_id: 'S1',
          prices: [
            { price_date: '2024-01-02', price: '100', currency: 'EUR' },
            { price_date: '2024-01-03', price: '101.5', currency: 'EUR' },
            // Stored exactly; leaves the API rounded half-even to 10 places (99.1234567890).
            { price_date: '2024-01-04', price: '99.123456789', currency: 'EUR' },
          ],
        });
      }
    });

    it('bounds the dates inclusively, and answers an empty list for an unknown security', async () => {
      const body = (await get('/prices?security_id=S1&start_date=2024-01-03&end_date=2024-01-03')).json();
      expect(body.prices).toEqual([{ price_date: '2024-01-03', price: '101.5', currency: 'EUR' }]);
      expect((await get('/prices?security_id=S1&start_date=2024-01-04')).json().prices).toHaveLength(1);
      expect((await get('/prices?security_id=S1&end_date=2024-01-02')).json().prices).toHaveLength(1);
      expect((await get('/prices?security_id=NONE')).json()).toEqual({ security_id: 'NONE', prices: [] });
    });

    it('refuses a missing security_id, a malformed date and a reversed range', async () => {
      const missing = await get('/prices');
      expect(missing.statusCode).toBe(422);
      expect(missing.json().errors).toEqual([{ index: 0, field: 'security_id', message: 'is required' }]);

      const badDate = await get('/prices?security_id=S1&start_date=not-a-date');
      expect(badDate.statusCode).toBe(422);
      expect(badDate.json().errors).toEqual([
        { index: 0, field: 'start_date', message: 'must match format "date"' },
      ]);
      expect((await get('/prices?security_id=S1&end_date=2024-02-30')).statusCode).toBe(422);

      const reversed = await get('/prices?security_id=S1&start_date=2024-01-04&end_date=2024-01-02');
      expect(reversed.statusCode).toBe(422);
      expect(reversed.json().errors).toEqual([
        { index: 0, field: 'end_date', message: 'must be on or after start_date (2024-01-04)' },
      ]);
    });
  });

  describe('fx rates', () => {
    it('returns the directed pair in ascending date order, currencies case-insensitive', async () => {
      const res = await get('/fx-rates?from_currency=eur&to_currency=USD');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        from_currency: 'EUR',
        to_currency: 'USD',
        rates: [
          { rate_date: '2024-01-02', rate: '1.1' },
          { rate_date: '2024-01-03', rate: '1.095' },
        ],
      });
      expect(
        (await get('/fx-rates/?from_currency=USD&to_currency=EUR&start_date=2024-01-02')).json(),
      ).toEqual({
        from_currency: 'USD',
        to_currency: 'EUR',
        rates: [{ rate_date: '2024-01-02', rate: '0.9' }],
      });
      expect(
        (
          await get('/fx-rates?from_currency=EUR&to_currency=USD&start_date=2024-01-03&end_date=2024-01-09')
        ).json().rates,
      ).toEqual([{ rate_date: '2024-01-03', rate: '1.095' }]);
    });

    it('requires both currencies, as three-letter codes', async () => {
      const res = await get('/fx-rates?from_currency=EURO');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual(
        expect.arrayContaining([
          { index: 0, field: 'to_currency', message: 'is required' },
          { index: 0, field: 'from_currency', message: expect.stringContaining('pattern') },
        ]),
      );
    });
  });

  describe('business dates', () => {
    it('lists the GLOBAL calendar by default, ascending, with its latest date', async () => {
      const res = await get('/business-dates');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        calendar_code: 'GLOBAL',
        business_dates: [
          { business_date: '2024-01-02', market_code: null, source_system: null, source_batch_id: null },
          { business_date: '2024-01-03', market_code: 'XNYS', source_system: 'OPS', source_batch_id: 'B7' },
          { business_date: '2024-01-04', market_code: null, source_system: null, source_batch_id: null },
        ],
        latest_business_date: '2024-01-04',
      });
    });

    it("filters by calendar and range; the latest date is the calendar's, whatever the range", async () => {
      const ranged = (await get('/business-dates?start_date=2024-01-03&end_date=2024-01-03')).json();
      expect(ranged.business_dates.map((d: { business_date: string }) => d.business_date)).toEqual([
        '2024-01-03',
      ]);
      expect(ranged.latest_business_date).toBe('2024-01-04');
      expect((await get('/business-dates?calendar_code=SIX')).json()).toEqual({
        calendar_code: 'SIX',
        business_dates: [
          { business_date: '2024-01-05', market_code: 'XSWX', source_system: null, source_batch_id: null },
        ],
        latest_business_date: '2024-01-05',
      });
      expect((await get('/business-dates?calendar_code=NONE')).json()).toEqual({
        calendar_code: 'NONE',
        business_dates: [],
        latest_business_date: null,
      });
    });
  });
});
