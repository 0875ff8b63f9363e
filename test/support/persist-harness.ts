import pino, { type Logger } from 'pino';
import type {
  BusinessDateRecord,
  FxRateRecord,
  InstrumentRecord,
  MarketPriceRecord,
  PortfolioRecord,
  TransactionRecord,
} from '../../src/domain/records/types.ts';
import { JobLedger } from '../../src/engine/jobs.ts';
import { createPersistStage, PERSIST_GROUP } from '../../src/engine/persist-stage.ts';
import { StageRunner } from '../../src/engine/stage-runner.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import { subscriptionOf } from '../../src/engine/topology.ts';
import { createLocalLog } from '../../src/log/local-log.ts';
import type { Log, OutgoingRecord, RecordHeaders } from '../../src/log/log.ts';
import type { Db } from '../../src/store/db.ts';

export const portfolio = (over: Partial<PortfolioRecord> = {}): PortfolioRecord => ({
  portfolio_id: 'P1',
  base_currency: 'USD',
  open_date: '2024-01-01',
  close_date: null,
  risk_exposure: 'Medium',
  investment_time_horizon: 'Long',
  portfolio_type: 'Discretionary',
  objective: null,
  booking_center_code: 'SG',
  client_id: 'C1',
  is_leverage_allowed: false,
  advisor_id: null,
  status: 'ACTIVE',
  cost_basis_method: 'FIFO',
  cash_mode: 'EXPLICIT',
  ...over,
});

export const instrument = (over: Partial<InstrumentRecord> = {}): InstrumentRecord => ({
  security_id: 'AAPL',
  name: 'Apple Inc.',
  isin: 'US0378331005',
  currency: 'USD',
  product_type: 'Equity',
  asset_class: 'Equity',
  sector: null,
  country_of_risk: 'US',
  rating: null,
  maturity_date: null,
  issuer_id: null,
  issuer_name: null,
  ultimate_parent_issuer_id: null,
  ultimate_parent_issuer_name: null,
  coupon_rate: null,
  coupon_frequency: null,
  day_count: null,
  issue_date: null,
  ...over,
});

export const transaction = (over: Partial<TransactionRecord> = {}): TransactionRecord => ({
  transaction_id: 'T1',
  portfolio_id: 'P1',
  instrument_id: 'AAPL',
  security_id: 'AAPL',
  transaction_date: '2024-03-10T14:30:00.000Z',
  transaction_type: 'BUY',
  quantity: '10',
  price: '150.25',
  gross_transaction_amount: '1502.5',
  trade_currency: 'USD',
  currency: 'USD',
  trade_fee: '1.5',
  settlement_date: '2024-03-12',
  transaction_fx_rate: null,
  accrued_interest: null,
  split_ratio: null,
  economic_event_id: null,
  linked_transaction_group_id: null,
  calculation_policy_id: null,
  calculation_policy_version: null,
  source_system: 'OMS',
  ...over,
});

export const price = (over: Partial<MarketPriceRecord> = {}): MarketPriceRecord => ({
  security_id: 'AAPL',
  price_date: '2024-03-10',
  price: '151.1',
  currency: 'USD',
  ...over,
});

export const fxRate = (over: Partial<FxRateRecord> = {}): FxRateRecord => ({
  from_currency: 'EUR',
  to_currency: 'USD',
  rate_date: '2024-03-10',
  rate: '1.0875',
  ...over,
});

export const businessDate = (over: Partial<BusinessDateRecord> = {}): BusinessDateRecord => ({
  business_date: '2024-03-10',
  calendar_code: 'GLOBAL',
  market_code: null,
  source_system: null,
  source_batch_id: null,
  ...over,
});

/** Raw records as the ingest API puts them on the log (partition key as there: the owning entity). */
export const raw = {
  portfolio: (r: PortfolioRecord) => ({ topic: TOPICS.rawPortfolios, key: r.portfolio_id, value: r }),
  instrument: (r: InstrumentRecord) => ({ topic: TOPICS.rawInstruments, key: r.security_id, value: r }),
  transaction: (r: TransactionRecord) => ({ topic: TOPICS.rawTransactions, key: r.portfolio_id, value: r }),
  price: (r: MarketPriceRecord) => ({ topic: TOPICS.rawMarketPrices, key: r.security_id, value: r }),
  fx: (r: FxRateRecord) => ({
    topic: TOPICS.rawFxRates,
    key: `${r.from_currency}-${r.to_currency}`,
    value: r,
  }),
  businessDate: (r: BusinessDateRecord) => ({
    topic: TOPICS.rawBusinessDates,
    key: r.calendar_code,
    value: r,
  }),
  reprocess: (transactionId: string) => ({
    topic: TOPICS.reprocessRequests,
    key: transactionId,
    value: { transaction_id: transactionId },
  }),
};

export const FACT_TABLES = {
  portfolios: 'portfolio_id',
  instruments: 'security_id',
  transactions: 'transaction_id',
  market_prices: 'security_id, price_date',
  fx_rates: 'from_currency, to_currency, rate_date',
  business_dates: 'calendar_code, business_date',
  fact_history: 'entity_type, business_key, version',
} as const;

/** Empties every table the persist stage and its log touch, so one database serves many runs. */
export async function resetPersistTables(db: Db): Promise<void> {
  await db.exec(`TRUNCATE ${Object.keys(FACT_TABLES).join(', ')}, log_topics, log_records, consumer_offsets,
    outbox, ingestion_jobs, job_pending, job_problems, quarantined_records`);
}

export interface PersistHarness {
  db: Db;
  log: Log;
  ledger: JobLedger;
  /** Appends raw records for a new job (one transaction); returns the job id. */
  ingest(
    records: ReadonlyArray<Omit<OutgoingRecord, 'headers'>>,
    correlationId?: string,
    jobId?: string,
  ): Promise<string>;
  /** Runs the persist stage until the log is drained. */
  drain(batchSize?: number): Promise<void>;
  /** Every row of the fact tables and fact_history, in key order; timestamps only when asked for. */
  facts(options?: { withTimestamps?: boolean }): Promise<Record<string, unknown[]>>;
  events(
    topic: string,
  ): Promise<Array<{ key: string; value: Record<string, unknown>; headers: RecordHeaders }>>;
  eventCounts(): Promise<Record<string, number>>;
}

const quiet = pino({ level: 'silent' });
const TIMESTAMPS = ['created_at', 'updated_at', 'superseded_at'];

export function persistHarness(db: Db, logger: Logger = quiet): PersistHarness {
  const log = createLocalLog(db);
  // The persist stage alone: its jobs complete when the facts are written, not waiting for later stages.
  const ledger = new JobLedger(log.emitter, [subscriptionOf(PERSIST_GROUP)]);
  let jobs = 0;
  return {
    db,
    log,
    ledger,
    ingest(records, correlationId, jobId) {
      return db.transaction(async (tx) => {
        const correlation = correlationId ?? `corr-${++jobs}`;
        const job = await ledger.create(
          tx,
          {
            endpoint: '/test',
            entity_type: 'test',
            accepted_count: records.length,
            request_hash: correlation,
            correlation_id: correlation,
          },
          jobId,
        );
        await ledger.emit(
          tx,
          records.map((r) => ({ ...r, headers: { job_ids: [job], correlation_id: correlation } })),
        );
        return job;
      });
    },
    async drain(batchSize = 5_000) {
      const runner = new StageRunner([createPersistStage()], {
        db,
        log,
        ledger,
        logger,
        batchSize,
        idleMs: 5,
      });
      await runner.drain();
    },
    async facts(options = {}) {
      const out: Record<string, unknown[]> = {};
      for (const [table, order] of Object.entries(FACT_TABLES)) {
        const rows = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
        out[table] = options.withTimestamps
          ? rows
          : rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !TIMESTAMPS.includes(k))));
      }
      return out;
    },
    async events(topic) {
      return db.query<{ key: string; value: Record<string, unknown>; headers: RecordHeaders }>(
        `SELECT key, value, headers FROM log_records WHERE topic = $1 ORDER BY "offset"`,
        [topic],
      );
    },
    async eventCounts() {
      const rows = await db.query<{ topic: string; n: number }>(
        `SELECT topic, count(*)::int8 AS n FROM log_records WHERE topic LIKE '%\\_changed' GROUP BY topic ORDER BY topic`,
      );
      return Object.fromEntries(rows.map((r) => [r.topic, r.n]));
    },
  };
}
