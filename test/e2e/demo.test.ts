import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCounts, generateDemo } from '../../src/domain/demo/generate.ts';
import { getJson, runPas, startPas, tempDir } from './pas-process.ts';

describe('pas demo --no-serve', () => {
  const dir = tempDir('demo');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads the demo through the API, exits 0, and the data is queryable after a restart', async () => {
    const demo = runPas([
      'demo',
      '--portfolios',
      '2',
      '--years',
      '1',
      '--seed',
      '7',
      '--no-serve',
      '--data',
      dir,
      '--port',
      '0',
      '--query-port',
      '0',
    ]);
    expect(await demo.exited(90_000), demo.stderr()).toBe(0);
    const out = demo.stdout();
    const end = /year\(s\) to (\d{4}-\d{2}-\d{2}), seed 7/.exec(out)?.[1];
    expect(end, out).toBeDefined();
    expect(end! <= new Date().toISOString().slice(0, 10)).toBe(true);
    expect(out).toMatch(
      /records in \d+ jobs: accepted in [\d.]+ s, all complete in [\d.]+ s \([\d,]+ records\/s\)/,
    );
    expect(out).toContain('done (--no-serve): stopped');
    expect(fs.existsSync(`${dir}/pas.lock`)).toBe(false);

    // The printed end date reproduces exactly the data the demo generated.
    const expected = generateDemo({ seed: 7, portfolios: 2, years: 1, endDate: end! });
    const counts = demoCounts(expected);
    expect(out).toMatch(new RegExp(`transactions\\s+${counts.transactions.toLocaleString('en-US')}\\b`));

    const server = await startPas(dir);
    try {
      const { portfolios } = await getJson<{
        portfolios: Array<{ portfolio_id: string; base_currency: string }>;
      }>(`${server.url}/portfolios`);
      expect(portfolios.map((p) => [p.portfolio_id, p.base_currency])).toEqual([
        ['DEMO_001_USD', 'USD'],
        ['DEMO_002_EUR', 'EUR'],
      ]);
      for (const p of expected.portfolios) {
        const page = await getJson<{ total: number; transactions: Array<{ transaction_id: string }> }>(
          `${server.url}/portfolios/${p.portfolio_id}/transactions?limit=1&sort_by=transaction_date&sort_order=asc`,
        );
        const own = expected.transactions.filter((t) => t.portfolio_id === p.portfolio_id);
        expect(page.total).toBe(own.length);
        expect(page.transactions[0]!.transaction_id).toBe(`${p.portfolio_id}-T00001`);
      }
      const instruments = await getJson<{ total: number }>(`${server.url}/instruments?limit=1`);
      expect(instruments.total).toBe(counts.instruments);
      const prices = await getJson<{ prices: Array<{ price_date: string }> }>(
        `${server.url}/prices?security_id=SEC_AAPL_US`,
      );
      expect(prices.prices).toHaveLength(counts.business_dates);
      expect(prices.prices.at(-1)!.price_date).toBe(end);

      // `pas ingest` against the running server: a CSV upload waited for, then a refused JSON file.
      const csv = `${dir}/prices.csv`;
      fs.writeFileSync(csv, 'security_id,price_date,price,currency\nSEC_E2E,2025-01-02,10.5,USD\n');
      const good = runPas(['ingest', csv, '--type', 'market-prices', '--url', server.url, '--wait']);
      expect(await good.exited(30_000), good.stderr()).toBe(0);
      expect(good.stdout()).toMatch(
        /accepted 1 market_prices? record\(s\): job (job_\w+)\njob job_\w+ complete/,
      );
      const bad = `${dir}/bad.json`;
      fs.writeFileSync(
        bad,
        JSON.stringify([{ security_id: 'SEC_E2E', price_date: '2025-13-01', price: -1 }]),
      );
      const refused = runPas(['ingest', bad, '--type', 'market-prices', '--url', server.url]);
      expect(await refused.exited(30_000)).toBe(1);
      expect(refused.stderr()).toContain('HTTP 422');
      expect(refused.stderr()).toMatch(/^ {2}\[0\] [\w.]*price_date: .+$/m);
      expect(refused.stderr()).toMatch(/^ {2}\[0\] [\w.]*price: .+$/m);
      expect(refused.stderr()).toMatch(/^ {2}\[0\] [\w.]*currency: .+$/m);
    } finally {
      expect(await server.proc.stop()).toBe(0);
    }
  }, 150_000);
});
