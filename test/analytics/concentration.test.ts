import { describe, expect, it } from 'vitest';
import { openApi } from '../api/api-harness.ts';
import { portfolioPoster } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { openHoldings, seedHoldings } from './holdings-fixture.ts';

const TOL = 12;

describe.each(stores())('POST /portfolios/{id}/concentration on $kind', (store) => {
  const h = forSuite(() => openHoldings(store));

  const post = portfolioPoster(h, 'concentration');

  it('weighs the positions of the date asked for, by hand: top-n, HHI, issuers by name, findings', async () => {
    const res = await post({
      scope: { as_of_date: '2024-01-02', reporting_currency: 'usd' },
      options: { bulk_top_n: [2, 1], limits: { single_position_weight: 0.4 } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.scope).toEqual({ portfolio_id: 'P1', as_of_date: '2024-01-02', reporting_currency: 'USD' });
    // Valued: A 500, B 300, C 150, CASH 50 = 1,000. U is held but unvalued: out of the weights, listed.
    expect(body.summary).toMatchObject({
      portfolio_market_value: 1000,
      weighed_market_value: 1000,
      position_count: 4,
      unvalued: { count: 1, security_ids: ['U'] },
      complete: false,
      // Issue 10: the day's and the position's reason are one problem, listed once in one format.
      incomplete_reasons: ['NO_PRICE U'],
    });
    const bulk = body.bulk_concentration;
    expect(bulk.top_n_weights['1']).toBeCloseTo(0.5, TOL);
    expect(bulk.top_n_weights['2']).toBeCloseTo(0.8, TOL);
    expect(bulk.single_position_weight).toBe(0.5);
    expect(bulk.largest_position).toBe('A');
    // 0.5² + 0.3² + 0.15² + 0.05²
    expect(bulk.hhi).toBeCloseTo(0.365, TOL);
    expect(bulk.effective_number_of_positions).toBeCloseTo(1 / 0.365, TOL);
    expect(bulk.flag).toBe('LIMIT_EXCEEDED');
    expect(body.issuer_concentration.top_exposures).toEqual([
      // The original reported "P" as the name; B gives no parent name, A does.
      {
        issuer_id: 'P',
        issuer_name: 'Parent Plc',
        exposure: 800,
        weight: 0.8,
        position_count: 2,
        flag: 'LIMIT_EXCEEDED',
      },
      {
        issuer_id: 'Z',
        issuer_name: 'Zed Corp',
        exposure: 150,
        weight: 0.15,
        position_count: 1,
        flag: 'LIMIT_EXCEEDED',
      },
      {
        issuer_id: 'UNCLASSIFIED',
        issuer_name: 'UNCLASSIFIED',
        exposure: 50,
        weight: 0.05,
        position_count: 1,
        flag: null,
      },
    ]);
    expect(body.issuer_concentration.hhi).toBeCloseTo(0.665, TOL);
    // The original's findings were always []; ours name each figure above its limit.
    expect(
      body.summary.findings.map((f: { metric: string; subject: string | null }) => [f.metric, f.subject]),
    ).toEqual([
      ['SINGLE_POSITION_WEIGHT', 'A'],
      ['HHI', null],
      ['ISSUER_WEIGHT', 'P'],
      ['ISSUER_WEIGHT', 'Z'],
      ['ISSUER_HHI', null],
    ]);
    expect(body.conventions).toMatchObject({
      bulk_top_n: [1, 2],
      issuer_top_n: 10,
      limits: { single_position_weight: 0.4, issuer_weight: 0.1, hhi: 0.18 },
      cash: 'included',
    });
  });

  it('defaults to the latest business date, not to whatever snapshot is latest for each position', async () => {
    const bare = await h.app.inject({ method: 'POST', url: '/portfolios/P1/concentration' });
    expect(bare.statusCode, bare.body).toBe(200);
    const body = bare.json();
    expect(body.scope.as_of_date).toBe('2024-01-03');
    // A was sold on the 3rd: B 600 and CASH 400 only.
    expect(body.bulk_concentration.single_position_weight).toBeCloseTo(0.6, TOL);
    expect(body.bulk_concentration.hhi).toBeCloseTo(0.36 + 0.16, TOL);
    expect(body.summary).toMatchObject({ complete: true, unvalued: { count: 0 } });
  });

  it('can leave cash out of the weights, and compute one metric only', async () => {
    const body = (
      await post({ scope: { as_of_date: '2024-01-02' }, metrics: ['BULK'], options: { include_cash: false } })
    ).json();
    expect(body.issuer_concentration).toBeNull();
    expect(body.summary.weighed_market_value).toBe(950);
    expect(body.bulk_concentration.single_position_weight).toBeCloseTo(500 / 950, TOL);
    expect(body.bulk_concentration.top_n_weights).toEqual({
      '5': expect.closeTo(1, TOL),
      '10': expect.closeTo(1, TOL),
    });
  });

  it('answers a date without series with nulls and the reason, never zeros', async () => {
    const body = (await post({ scope: { as_of_date: '2023-12-29' } })).json();
    expect(body.summary).toMatchObject({
      position_count: 0,
      // Issue 10: these were 0.
      portfolio_market_value: null,
      weighed_market_value: null,
      complete: false,
      incomplete_reasons: ['NO_SERIES'],
    });
    expect(body.bulk_concentration).toMatchObject({
      hhi: null,
      single_position_weight: null,
      null_reasons: { hhi: 'no valued position on the date' },
    });
    expect(body.summary.findings).toEqual([]);
  });

  it('refuses another reporting currency, a bad option (422) and an unknown portfolio (404)', async () => {
    const eur = await post({ scope: { reporting_currency: 'EUR' } });
    expect(eur.statusCode).toBe(422);
    expect(eur.json().errors[0].field).toBe('scope.reporting_currency');
    const bad = await post({ options: { issuer_top_n: 0 }, metrics: ['SECTOR'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['metrics[0]', 'options.issuer_top_n']);
    expect((await post({}, 'NOPE')).statusCode).toBe(404);
  });
});

describe('concentration on the query port', () => {
  it('is served there too', async () => {
    const [store] = stores();
    const h = await openApi(store!, 'query');
    try {
      await seedHoldings(h.system.db);
      const res = await h.app.inject({ method: 'POST', url: '/portfolios/P1/concentration', payload: {} });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().bulk_concentration.largest_position).toBe('B');
    } finally {
      await h.close();
    }
  });
});
