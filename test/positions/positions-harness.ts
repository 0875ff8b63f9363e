import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { expect } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { type Config, loadConfig } from '../../src/app/config.ts';
import { createSystem, type System, type SystemOptions } from '../../src/app/system.ts';
import { type DemoDataSet, type DemoOptions, generateDemo } from '../../src/domain/demo/generate.ts';
import type { Db } from '../../src/store/db.ts';
import { demoBundle } from '../support/demo-bundle.ts';
import type { StoreFactory } from '../support/stores.ts';

/** The lists of POST /ingest/portfolio-bundle; records as a client sends them. */
export interface Bundle {
  portfolios?: Record<string, unknown>[];
  instruments?: Record<string, unknown>[];
  transactions?: Record<string, unknown>[];
  fx_rates?: Record<string, unknown>[];
  market_prices?: Record<string, unknown>[];
  business_dates?: Record<string, unknown>[];
}

/** A parsed JSON body, typed as JSON.parse types it: tests read it by shape and assert on it. */
type Body = ReturnType<typeof JSON.parse>;

export interface PositionsHarness {
  system: System;
  app: FastifyInstance;
  db: Db;
  /** Ingests through the API (one job); returns the job id. */
  ingest(bundle: Bundle): Promise<string>;
  /** Runs every stage until the log is drained. */
  drain(): Promise<void>;
  /**
   * Ingests, drains and checks the job ended with `status` (complete: everything derived from it is current;
   * complete_with_problems: a key it reached is BLOCKED).
   */
  ingestAndSettle(bundle: Bundle, status?: 'complete' | 'complete_with_problems'): Promise<string>;
  /** GET, expecting `status` (200), returning the JSON body. */
  get(url: string, status?: number): Promise<Body>;
  /** The key's row in position_keys. */
  key(portfolioId: string, securityId: string): Promise<Record<string, unknown> | undefined>;
  /** Empties facts, derived rows, the log and the jobs, so one database serves several tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const DERIVED_TABLES = [
  'position_keys',
  'position_history',
  'transaction_costs',
  'cashflows',
  'lots',
  'disposals',
  'position_daily',
  'portfolio_daily',
  'holdings',
  'series_versions',
];
const FACT_TABLES = [
  'portfolios',
  'instruments',
  'transactions',
  'market_prices',
  'fx_rates',
  'business_dates',
  'fact_history',
];
const LOG_TABLES = [
  'log_topics',
  'log_records',
  'consumer_offsets',
  'outbox',
  'ingestion_jobs',
  'job_pending',
  'job_problems',
  'quarantined_records',
];

/** A system on a fresh database with its stage loops stopped: tests drain the stages themselves. */
export async function openPositions(
  store: StoreFactory,
  overrides: Partial<Config> = {},
  options: Pick<SystemOptions, 'faultInjector' | 'retry'> = {},
): Promise<PositionsHarness> {
  const db = await store.open();
  const system = await createSystem(loadConfig({}, overrides), {
    ...options,
    db,
    runStages: false,
    logger: pino({ level: 'silent' }),
  });
  const app = await buildApi(system);
  const h: PositionsHarness = {
    system,
    app,
    db,
    async ingest(bundle) {
      const res = await app.inject({ method: 'POST', url: '/ingest/portfolio-bundle', payload: bundle });
      expect(res.statusCode, res.body).toBe(202);
      return res.json().job_id;
    },
    drain: () => system.runner.drain(),
    async ingestAndSettle(bundle, status = 'complete') {
      const job = await h.ingest(bundle);
      await h.drain();
      const state = await h.get(`/ingestion/jobs/${job}`);
      expect(state.status, JSON.stringify(state.problems)).toBe(status);
      return job;
    },
    async get(url, status = 200) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      return res.json();
    },
    async key(portfolioId, securityId) {
      const [row] = await db.query(
        'SELECT * FROM position_keys WHERE portfolio_id = $1 AND security_id = $2',
        [portfolioId, securityId],
      );
      return row;
    },
    async reset() {
      await db.exec(`TRUNCATE ${[...DERIVED_TABLES, ...FACT_TABLES, ...LOG_TABLES].join(', ')}`);
    },
    async close() {
      await app.close();
      await system.close();
    },
  };
  return h;
}

// ─── Records ─────────────────────────────────────────────────────────────────────────────────────────────

export const portfolioRecord = (id: string, over: Record<string, unknown> = {}) => ({
  portfolio_id: id,
  base_currency: 'USD',
  open_date: '2024-01-01',
  risk_exposure: 'Medium',
  investment_time_horizon: 'Long',
  portfolio_type: 'Advisory',
  booking_center_code: 'SG',
  client_id: 'C1',
  status: 'ACTIVE',
  cost_basis_method: 'FIFO',
  ...over,
});

export const instrumentRecord = (id: string, over: Record<string, unknown> = {}) => ({
  security_id: id,
  name: `${id} Inc.`,
  isin: `US${id.padEnd(10, '0')}`,
  currency: 'USD',
  product_type: 'Equity',
  asset_class: 'Equity',
  sector: 'Technology',
  country_of_risk: 'US',
  ...over,
});

/** A trade: gross = quantity × price unless given. */
export function trade(
  id: string,
  type: string,
  date: string,
  quantity: string,
  price: string,
  over: Record<string, unknown> = {},
) {
  return {
    transaction_id: id,
    portfolio_id: 'P1',
    instrument_id: 'AAPL',
    security_id: 'AAPL',
    transaction_date: `${date}T10:00:00Z`,
    transaction_type: type,
    quantity,
    price,
    gross_transaction_amount: String(Number(quantity) * Number(price)),
    trade_currency: 'USD',
    currency: 'USD',
    ...over,
  };
}

/** The USD cash account, the instrument of every cash leg. */
export const cash = instrumentRecord('CASH_USD', { product_type: 'Cash', asset_class: 'Cash', sector: null });

/** The fields that put a trade on a security (its instrument of the same id), with any others. */
export const on = (security_id: string, over: Record<string, unknown> = {}) => ({
  security_id,
  instrument_id: security_id,
  ...over,
});

/** A market price record. */
export const price = (security_id: string, price_date: string, value: string, currency = 'USD') => ({
  security_id,
  price_date,
  price: value,
  currency,
});

/** Generates the demo data set and ingests it through the API until every job settles complete. */
export async function ingestDemo(h: PositionsHarness, options: DemoOptions): Promise<DemoDataSet> {
  const data = generateDemo(options);
  await h.ingestAndSettle(demoBundle(data) as unknown as Bundle);
  return data;
}
