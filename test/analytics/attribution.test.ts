import { describe, expect, it } from 'vitest';
import { ingestDemo, openPositions, type PositionsHarness } from '../positions/positions-harness.ts';
import { post, type Row } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { workedExampleFirstDays } from './worked-example.ts';

async function ingestBenchmarks(h: PositionsHarness, payload: unknown) {
  const res = await h.app.inject({ method: 'POST', url: '/ingest/benchmarks', payload: payload as object });
  expect(res.statusCode, res.body).toBe(202);
  await h.drain();
  expect((await h.get(`/ingestion/jobs/${res.json().job_id}`)).status).toBe('complete');
}

const composition = (date: string, component_id: string, weight: string, component_return?: string) => ({
  benchmark_id: 'SECTORS',
  composition_date: date,
  dimension: 'sector',
  component_id,
  weight,
  ...(component_return === undefined ? {} : { component_return }),
});

/** Daily sector compositions with the day's returns: 4 Jan Technology +5 %, Energy −2 %; 5 Jan both +1 %. */
const benchmarks = {
  benchmarks: [
    { benchmark_id: 'SECTORS', benchmark_name: 'Two sectors', benchmark_currency: 'USD' },
    { benchmark_id: 'NORET', benchmark_name: 'Weights only', benchmark_currency: 'USD' },
  ],
  benchmark_compositions: [
    composition('2024-01-04', 'Technology', '0.5', '0.05'),
    composition('2024-01-04', 'Energy', '0.5', '-0.02'),
    composition('2024-01-05', 'Technology', '0.5', '0.01'),
    composition('2024-01-05', 'Energy', '0.5', '0.01'),
    composition('2024-01-06', 'Technology', '0.6', '0.03'),
    composition('2024-01-06', 'Energy', '0.4', '-0.01'),
    { ...composition('2024-01-04', 'AAPL', '1', '0.1'), dimension: 'security' },
    { ...composition('2024-01-01', 'Technology', '1'), benchmark_id: 'NORET' },
  ],
};

const TOL = 14;
const twoDays = { type: 'EXPLICIT', from: '2024-01-04', to: '2024-01-05' };

describe.each(stores())('POST /portfolios/{id}/attribution on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle(workedExampleFirstDays);
      await ingestBenchmarks(h, benchmarks);
    },
  );

  it('one day against an inline benchmark: the textbook effects by hand', async () => {
    const body = await post(h, '/portfolios/P1/attribution', {
      period: { type: 'EXPLICIT', from: '2024-01-04', to: '2024-01-04' },
      group_by: 'sector',
      benchmark: {
        segments: [
          { key: 'Technology', weight: 0.5, return: 0.05 },
          { key: 'Energy', weight: 0.5, return: -0.02 },
        ],
      },
    });
    expect(body.benchmark).toEqual({ source: 'inline', benchmark_id: null, snapshot_dates: ['2024-01-04'] });
    expect(body.conventions).toMatchObject({ method: 'BRINSON_FACHLER', linking: 'grap' });
    // Portfolio: Technology 40 % at +10 %, Energy 40 % at −5 %, cash 20 % at 0 → 2 %; benchmark 1.5 %.
    expect(body.portfolio_return).toBeCloseTo(0.02, TOL);
    expect(body.benchmark_return).toBeCloseTo(0.015, TOL);
    expect(body.active_return).toBeCloseTo(0.005, TOL);
    const by = Object.fromEntries((body.segments as Row[]).map((s) => [s.key, s]));
    expect(Object.keys(by)).toEqual(['Energy', 'Technology', 'UNCLASSIFIED']);
    const expected: Record<string, [number, number, number]> = {
      Technology: [-0.0035, 0.025, -0.005], // (0.4 − 0.5)(0.05 − 0.015); 0.5 × 0.05; −0.1 × 0.05
      Energy: [0.0035, -0.015, 0.003], // −0.1 × (−0.035); 0.5 × (−0.03); −0.1 × (−0.03)
      UNCLASSIFIED: [0, 0, -0.003], // cash, not in the benchmark: 0.2 × (0 − 0.015)
    };
    for (const [key, [a, s, i]] of Object.entries(expected)) {
      expect(by[key].allocation, key).toBeCloseTo(a, TOL);
      expect(by[key].selection, key).toBeCloseTo(s, TOL);
      expect(by[key].interaction, key).toBeCloseTo(i, TOL);
      expect(by[key].total_effect, key).toBeCloseTo(a + s + i, TOL);
    }
    expect(by.Technology).toMatchObject({
      security_ids: ['AAPL'],
      benchmark_weight: 0.5,
      benchmark_return: 0.05,
    });
    expect(by.Technology.portfolio_weight).toBeCloseTo(0.4, TOL);
    expect(by.Technology.portfolio_return).toBeCloseTo(0.1, TOL);
    expect(by.UNCLASSIFIED.benchmark_return).toBeNull();
    expect(by.UNCLASSIFIED.null_reasons.benchmark_return).toBe('no capital at work in the period');
    expect(body.allocation + body.selection + body.interaction).toBeCloseTo(0.005, TOL);
    expect(Math.abs(body.residual)).toBeLessThan(1e-15);
  });

  it('two days against the stored benchmark: GRAP-linked by hand; the inline by_date gives the same', async () => {
    const stored = await post(h, '/portfolios/P1/attribution', {
      period: twoDays,
      group_by: 'sector',
      benchmark_id: 'SECTORS',
    });
    expect(stored.benchmark).toEqual({
      source: 'stored',
      benchmark_id: 'SECTORS',
      snapshot_dates: ['2024-01-04', '2024-01-05'],
    });
    // Day 1 effects × (1 + B_2) = 1.01; day 2 effects × (1 + R_1) = 1.02. Day 2: Technology 4,400 / 11,200 at
    // 0, Energy 3,800 / 11,200 at 50 / 3,800 (the dividend), cash 3,000 / 11,200; B = 1 %.
    const wT = 4400 / 11_200;
    const wE = 3800 / 11_200;
    const wC = 3000 / 11_200;
    const rE = 50 / 3800;
    const by = Object.fromEntries((stored.segments as Row[]).map((s) => [s.key, s]));
    expect(by.Technology.selection).toBeCloseTo(1.01 * 0.025 + 1.02 * 0.5 * -0.01, TOL);
    expect(by.Technology.interaction).toBeCloseTo(1.01 * -0.005 + 1.02 * (wT - 0.5) * -0.01, TOL);
    expect(by.Energy.selection).toBeCloseTo(1.01 * -0.015 + 1.02 * 0.5 * (rE - 0.01), TOL);
    expect(by.Energy.interaction).toBeCloseTo(1.01 * 0.003 + 1.02 * (wE - 0.5) * (rE - 0.01), TOL);
    expect(by.UNCLASSIFIED.interaction).toBeCloseTo(1.01 * -0.003 + 1.02 * wC * -0.01, TOL);
    expect(stored.allocation).toBeCloseTo(0, TOL);
    const R = 1.02 * (1 + 50 / 11_200) - 1;
    const B = 1.015 * 1.01 - 1;
    expect(stored.portfolio_return).toBeCloseTo(R, TOL);
    expect(stored.benchmark_return).toBeCloseTo(B, TOL);
    expect(stored.allocation + stored.selection + stored.interaction).toBeCloseTo(R - B, TOL);
    expect(Math.abs(stored.residual)).toBeLessThan(1e-15);

    const inline = await post(h, '/portfolios/P1/attribution', {
      period: twoDays,
      group_by: 'sector',
      benchmark: {
        by_date: [
          {
            date: '2024-01-04',
            segments: [
              { key: 'Technology', weight: 0.5, return: 0.05 },
              { key: 'Energy', weight: 0.5, return: -0.02 },
            ],
          },
          {
            date: '2024-01-05',
            segments: [
              { key: 'Technology', weight: 0.5, return: 0.01 },
              { key: 'Energy', weight: 0.5, return: 0.01 },
            ],
          },
        ],
      },
    });
    expect(inline.segments).toEqual(stored.segments);
    expect(inline.residual).toBe(stored.residual);
  });

  it('a longer period: the latest composition runs to the end; Carino adds up too; the same TWR as /performance', async () => {
    const period = { type: 'EXPLICIT', name: 'p', from: '2024-01-04', to: '2024-01-08' };
    const body = await post(h, '/portfolios/P1/attribution', {
      period,
      group_by: 'sector',
      benchmark_id: 'SECTORS',
      conventions: { linking: 'carino' },
    });
    expect(body.benchmark.snapshot_dates).toEqual(['2024-01-04', '2024-01-05', '2024-01-06']);
    // 6–8 Jan held from 60/40 at 1.03 and 0.99 over three days: Σ W (1 + R) over the span.
    expect(body.benchmark_return).toBeCloseTo(1.015 * 1.01 * (0.6 * 1.03 + 0.4 * 0.99) - 1, TOL);
    const perf = await post(h, '/portfolios/P1/performance', {
      scope: { net_or_gross: 'GROSS' },
      periods: [period],
    });
    expect(body.portfolio_return).toBe(perf.summary.p.cumulative_return);
    expect(body.allocation + body.selection + body.interaction).toBeCloseTo(body.active_return, TOL);
    expect(Math.abs(body.residual)).toBeLessThan(1e-15);
  });

  it('422 naming the field; 404 for an unknown portfolio', async () => {
    const fieldOf = async (payload: Record<string, unknown>) =>
      (await post(h, '/portfolios/P1/attribution', { period: twoDays, group_by: 'sector', ...payload }, 422))
        .errors;
    const seg = (key: string, weight: number, r = 0) => ({ key, weight, return: r });
    expect(await fieldOf({})).toEqual([
      { index: 0, field: 'benchmark_id', message: expect.stringContaining('exactly one') },
    ]);
    expect(
      (await fieldOf({ benchmark_id: 'SECTORS', benchmark: { segments: [seg('A', 1)] } }))[0].field,
    ).toBe('benchmark_id');
    expect(await fieldOf({ benchmark: { segments: [seg('A', 0.6), seg('B', 0.3)] } })).toEqual([
      { index: 0, field: 'benchmark.segments', message: expect.stringContaining('add up to 0.9') },
    ]);
    expect((await fieldOf({ benchmark: {} }))[0].field).toBe('benchmark');
    expect(
      await fieldOf({ benchmark: { by_date: [{ date: '2024-01-05', segments: [seg('A', 1)] }] } }),
    ).toEqual([
      { index: 0, field: 'benchmark.by_date[0].date', message: expect.stringContaining('2024-01-04') },
    ]);
    expect((await fieldOf({ benchmark: { segments: [seg('A', 1, -1)] } }))[0].field).toBe(
      'benchmark.segments[0].return',
    );
    expect(await fieldOf({ benchmark_id: 'NOPE' })).toEqual([
      { index: 0, field: 'benchmark_id', message: 'unknown benchmark NOPE' },
    ]);
    expect(await fieldOf({ benchmark_id: 'NORET' })).toEqual([
      {
        index: 0,
        field: 'benchmark_id',
        message: 'composition of 2024-01-01 by sector: Technology has no component_return',
      },
    ]);
    const early = await fieldOf({ benchmark_id: 'SECTORS', period: { type: 'SI' } });
    expect(early[0]).toMatchObject({ field: 'benchmark_id', message: expect.stringContaining('2024-01-01') });
    const noDim = await post(h, '/portfolios/P1/attribution', { benchmark_id: 'SECTORS' }, 422);
    expect(noDim.errors[0]).toMatchObject({ index: 0, field: 'group_by', message: 'is required' });
    await post(h, '/portfolios/NOPE/attribution', { group_by: 'sector', benchmark_id: 'SECTORS' }, 404);
  });
});

describe.each(stores())('attribution on the demo data set on $kind', (store) => {
  const h = forSuite(() => openPositions(store));

  it('effects add up to the active return against a monthly inline benchmark by asset class', async () => {
    const data = await ingestDemo(h, { seed: 5, portfolios: 1, years: 1, endDate: '2024-06-28' });
    const { portfolio_id } = data.portfolios[0]!;
    const by_date = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'].map(
      (date, k) => ({
        date,
        segments: [
          { key: 'Equity', weight: 0.6, return: 0.01 * (k - 2) },
          { key: 'Fixed Income', weight: 0.3, return: 0.002 * k },
          { key: 'Cash', weight: 0.1, return: 0.004 },
        ],
      }),
    );
    const body = await post(h, `/portfolios/${portfolio_id}/attribution`, {
      period: { type: 'YTD' },
      group_by: 'asset_class',
      benchmark: { by_date },
    });
    expect(body.null_reasons).toEqual({});
    const growth = 1 + Math.abs(body.portfolio_return) + Math.abs(body.benchmark_return);
    // Σ W (1 + R) over each month, linked: the benchmark's return by hand from the snapshots.
    const B =
      by_date.reduce((g, s) => g * s.segments.reduce((x, seg) => x + seg.weight * (1 + seg.return), 0), 1) -
      1;
    expect(body.benchmark_return).toBeCloseTo(B, 12);
    const effects = body.allocation + body.selection + body.interaction;
    // The residual: float rounding plus cash legs rounded to the cent (≈ 1e-8 over a year; see contribution).
    expect(Math.abs(body.active_return - effects - body.residual)).toBeLessThanOrEqual(1e-14 * growth);
    expect(Math.abs(body.residual)).toBeLessThanOrEqual(1e-6);
    const bySegment = (body.segments as Row[]).reduce((s, x) => s + x.total_effect, 0);
    expect(Math.abs(bySegment - effects)).toBeLessThanOrEqual(1e-14 * growth);
    const weights = (body.segments as Row[]).reduce((s, x) => s + x.portfolio_weight, 0);
    expect(Math.abs(weights - 1)).toBeLessThanOrEqual(1e-12);
  }, 240_000);
});
