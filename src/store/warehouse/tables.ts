/**
 * The warehouse tables: what each holds, where it comes from and its columns. Seed 003's models
 * (fact_*, dim_*, the four metrics) keep its names and its column names where it had them (account_id is our
 * portfolio_id, symbol our security_id, value_date the day); our own tables (transactions, lots, benchmarks)
 * keep our field names. docs/warehouse.md documents every column; a test checks it names them all.
 */
import type { Column, ColumnType } from './columns.ts';

/** A table streamed from the store in keyset pages: `SELECT columns FROM from WHERE filters ORDER BY key`. */
export interface StreamedTable {
  name: string;
  doc: string;
  /** FROM clause; may use `:first` / `:last`, replaced by the export's date range (validated ISO dates). */
  from: string;
  /** A cheaper FROM giving the same row count (the progress total), when `from` joins lookups to each row. */
  countFrom?: string;
  /** The keyset: unique, indexed, in order; each with the type its page bound is cast to. */
  key: readonly { sql: string; cast: 'text' | 'date' | 'int4' }[];
  /** The portfolio id, for --portfolios. */
  portfolio?: string;
  /** The date, for --from/--to. */
  date?: string;
  columns: readonly Column[];
}

/** A table computed inside DuckDB from tables already written. */
export interface DerivedTable {
  name: string;
  doc: string;
  /** The SELECT (DuckDB) producing it. */
  select: string;
  columns: readonly { name: string; type: ColumnType; doc: string }[];
}

const col = (name: string, type: ColumnType, sql: string, doc: string): Column => ({ name, type, sql, doc });

/** The instrument is cash: the rule of isCashInstrument (domain/positions/rules.ts), in SQL. */
const IS_CASH = "(lower(i.product_type) = 'cash' OR lower(coalesce(i.asset_class, '')) = 'cash')";

const dimAccount: StreamedTable = {
  name: 'dim_account',
  doc: 'One row per portfolio (the account of seed 003).',
  from: 'portfolios p',
  key: [{ sql: 'p.portfolio_id', cast: 'text' }],
  portfolio: 'p.portfolio_id',
  columns: [
    col('account_id', 'VARCHAR', 'p.portfolio_id', 'portfolio id (primary key)'),
    col(
      'base_currency',
      'VARCHAR',
      'p.base_currency',
      'ISO 4217 base currency: every value, P&L and flow of the facts is in it',
    ),
    col('open_date', 'DATE', 'p.open_date', 'inception'),
    col('close_date', 'DATE', 'p.close_date', 'closing date, null while open'),
    col('status', 'VARCHAR', 'p.status', 'portfolio status as ingested'),
    col('cost_basis_method', 'VARCHAR', 'p.cost_basis_method', 'FIFO, LIFO, HIFO or AVCO'),
    col('portfolio_type', 'VARCHAR', 'p.portfolio_type', 'as ingested'),
    col('risk_exposure', 'VARCHAR', 'p.risk_exposure', 'as ingested'),
    col('investment_time_horizon', 'VARCHAR', 'p.investment_time_horizon', 'as ingested'),
    col('objective', 'VARCHAR', 'p.objective', 'as ingested'),
    col('client_id', 'VARCHAR', 'p.client_id', 'as ingested'),
    col('booking_center_code', 'VARCHAR', 'p.booking_center_code', 'as ingested'),
    col('advisor_id', 'VARCHAR', 'p.advisor_id', 'as ingested'),
    col('is_leverage_allowed', 'BOOLEAN', 'p.is_leverage_allowed', 'as ingested'),
  ],
};

const dimSymbol: StreamedTable = {
  name: 'dim_symbol',
  doc: 'One row per instrument (every instrument, whatever the filter).',
  from: 'instruments i',
  key: [{ sql: 'i.security_id', cast: 'text' }],
  columns: [
    col('symbol', 'VARCHAR', 'i.security_id', 'security id (primary key)'),
    col('name', 'VARCHAR', 'i.name', 'instrument name'),
    col('isin', 'VARCHAR', 'i.isin', 'ISIN'),
    col('currency', 'VARCHAR', 'i.currency', 'ISO 4217 currency of its prices'),
    col('product_type', 'VARCHAR', 'i.product_type', 'as ingested (Equity, Bond, ETF, Fund, Cash, …)'),
    col('asset_class', 'VARCHAR', 'i.asset_class', 'as ingested'),
    col(
      'is_cash',
      'BOOLEAN',
      IS_CASH,
      'product type or asset class is Cash (valued at 1 unit of its currency)',
    ),
    col('sector', 'VARCHAR', 'i.sector', 'as ingested'),
    col('country_of_risk', 'VARCHAR', 'i.country_of_risk', 'as ingested'),
    col('rating', 'VARCHAR', 'i.rating', 'as ingested'),
    col('maturity_date', 'DATE', 'i.maturity_date', 'bonds: maturity'),
    col('issuer_id', 'VARCHAR', 'i.issuer_id', 'as ingested'),
    col('issuer_name', 'VARCHAR', 'i.issuer_name', 'as ingested'),
  ],
};

const dimDate: StreamedTable = {
  name: 'dim_date',
  doc: 'One row per calendar day of the export range (--from/--to, else the portfolio series span).',
  from: "generate_series(DATE ':first', DATE ':last', interval '1 day') AS g(d)",
  key: [{ sql: 'g.d::date', cast: 'date' }],
  columns: [
    col('date_day', 'DATE', 'g.d', 'the day (primary key)'),
    col('year', 'INTEGER', 'extract(year FROM g.d)', 'calendar year'),
    col('quarter', 'INTEGER', 'extract(quarter FROM g.d)', '1–4'),
    col('month', 'INTEGER', 'extract(month FROM g.d)', '1–12'),
    col('day_of_month', 'INTEGER', 'extract(day FROM g.d)', '1–31'),
    col('day_of_week', 'INTEGER', 'extract(isodow FROM g.d)', 'ISO: 1 = Monday … 7 = Sunday'),
    col('is_weekend', 'BOOLEAN', 'extract(isodow FROM g.d) >= 6', 'Saturday or Sunday'),
    col(
      'is_business_day',
      'BOOLEAN',
      'EXISTS (SELECT 1 FROM business_dates b WHERE b.business_date = g.d::date)',
      'an ingested business date of any calendar',
    ),
  ],
};

const transactions: StreamedTable = {
  name: 'transactions',
  doc: 'Every transaction as ingested (current version) with the figures the position engine booked for it.',
  countFrom: 'transactions t',
  from:
    'transactions t LEFT JOIN transaction_costs c ON c.transaction_id = t.transaction_id ' +
    'LEFT JOIN cashflows f ON f.transaction_id = t.transaction_id',
  key: [{ sql: 't.transaction_id', cast: 'text' }],
  portfolio: 't.portfolio_id',
  date: "(t.transaction_date AT TIME ZONE 'UTC')::date",
  columns: [
    col('transaction_id', 'VARCHAR', 't.transaction_id', 'primary key'),
    col('portfolio_id', 'VARCHAR', 't.portfolio_id', '→ dim_account.account_id'),
    col('security_id', 'VARCHAR', 't.security_id', '→ dim_symbol.symbol'),
    col('instrument_id', 'VARCHAR', 't.instrument_id', 'as ingested'),
    col('transaction_date', 'TIMESTAMPTZ', 't.transaction_date', 'instant of the transaction (UTC)'),
    col(
      'transaction_type',
      'VARCHAR',
      't.transaction_type',
      'BUY, SELL, DIVIDEND, INTEREST, FEE, TAX, DEPOSIT, WITHDRAWAL, TRANSFER_IN, TRANSFER_OUT, SPLIT',
    ),
    col('quantity', 'DECIMAL', 't.quantity', 'as ingested'),
    col('price', 'DECIMAL', 't.price', 'as ingested, trade currency'),
    col('gross_transaction_amount', 'DECIMAL', 't.gross_transaction_amount', 'as ingested, trade currency'),
    col('trade_fee', 'DECIMAL', 't.trade_fee', 'as ingested, trade currency'),
    col('trade_currency', 'VARCHAR', 't.trade_currency', 'ISO 4217'),
    col('currency', 'VARCHAR', 't.currency', 'ISO 4217 (as ingested)'),
    col('settlement_date', 'DATE', 't.settlement_date', 'as ingested'),
    col(
      'transaction_fx_rate',
      'DECIMAL',
      't.transaction_fx_rate',
      'as ingested (trade → base), null when not sent',
    ),
    col('accrued_interest', 'DECIMAL', 't.accrued_interest', 'as ingested'),
    col('split_ratio', 'DECIMAL', 't.split_ratio', 'SPLIT: new shares per old share'),
    col('economic_event_id', 'VARCHAR', 't.economic_event_id', 'as ingested'),
    col('linked_transaction_group_id', 'VARCHAR', 't.linked_transaction_group_id', 'as ingested'),
    col('source_system', 'VARCHAR', 't.source_system', 'as ingested'),
    col('version', 'INTEGER', 't.version', 'fact version (1 + corrections)'),
    col(
      'booked',
      'BOOLEAN',
      'c.transaction_id IS NOT NULL',
      'the position engine applied it (false: its key is blocked before it, or not yet processed)',
    ),
    col('booked_fx_rate', 'DECIMAL', 'c.transaction_fx_rate', 'the trade → base rate the engine used'),
    col('fx_source', 'VARCHAR', 'c.fx_source', 'where that rate came from'),
    col('fx_rate_date', 'DATE', 'c.fx_rate_date', 'date of that rate, when looked up'),
    col('gross_cost', 'DECIMAL', 'c.gross_cost', 'base currency'),
    col('net_cost', 'DECIMAL', 'c.net_cost', 'base currency, fees included'),
    col('net_cost_local', 'DECIMAL', 'c.net_cost_local', 'trade currency'),
    col('realized_gain_loss', 'DECIMAL', 'c.realized_gain_loss', 'base currency'),
    col('realized_gain_loss_local', 'DECIMAL', 'c.realized_gain_loss_local', 'trade currency'),
    col(
      'realized_gain_loss_fx',
      'DECIMAL',
      'c.realized_gain_loss_fx',
      'the FX part of the realized P&L (base)',
    ),
    col(
      'realized_gain_loss_price',
      'DECIMAL',
      'c.realized_gain_loss_price',
      'the price part of the realized P&L (base)',
    ),
    col('cashflow_amount', 'DECIMAL', 'f.amount', 'the booked cashflow, its currency'),
    col('cashflow_currency', 'VARCHAR', 'f.currency', 'ISO 4217'),
    col('cashflow_amount_base', 'DECIMAL', 'f.amount_base', 'the booked cashflow in base currency'),
    col('cashflow_classification', 'VARCHAR', 'f.classification', 'as booked'),
    col('cashflow_timing', 'VARCHAR', 'f.timing', 'BOD or EOD'),
    col('is_portfolio_flow', 'BOOLEAN', 'f.is_portfolio_flow', 'an external flow of the portfolio'),
  ],
};

const lots: StreamedTable = {
  name: 'lots',
  doc: 'Every lot the position engine opened, with what is still open (the current lot book, not as of --to).',
  from: 'lots l',
  key: [
    { sql: 'l.portfolio_id', cast: 'text' },
    { sql: 'l.security_id', cast: 'text' },
    { sql: 'l.lot_id', cast: 'text' },
  ],
  portfolio: 'l.portfolio_id',
  date: 'l.acquisition_date',
  columns: [
    col('portfolio_id', 'VARCHAR', 'l.portfolio_id', '→ dim_account.account_id'),
    col('security_id', 'VARCHAR', 'l.security_id', '→ dim_symbol.symbol'),
    col('lot_id', 'VARCHAR', 'l.lot_id', 'unique within (portfolio_id, security_id)'),
    col('source_transaction_id', 'VARCHAR', 'l.source_transaction_id', '→ transactions.transaction_id'),
    col('acquisition_date', 'DATE', 'l.acquisition_date', 'the day the lot was opened'),
    col('original_quantity', 'DECIMAL', 'l.original_quantity', 'quantity opened'),
    col('open_quantity', 'DECIMAL', 'l.open_quantity', 'quantity still open'),
    col('lot_cost_local', 'DECIMAL', 'l.lot_cost_local', 'cost of the whole lot, instrument currency'),
    col('lot_cost_base', 'DECIMAL', 'l.lot_cost_base', 'cost of the whole lot, base currency'),
    col('open_cost_local', 'DECIMAL', 'l.open_cost_local', 'cost of the open part, instrument currency'),
    col('open_cost_base', 'DECIMAL', 'l.open_cost_base', 'cost of the open part, base currency'),
    col(
      'accrued_interest_paid_local',
      'DECIMAL',
      'l.accrued_interest_paid_local',
      'bonds: accrued interest paid',
    ),
  ],
};

const positionKey = [
  { sql: 'p.portfolio_id', cast: 'text' },
  { sql: 'p.security_id', cast: 'text' },
  { sql: 'p.date', cast: 'date' },
] as const;

const factPositionsDaily: StreamedTable = {
  name: 'fact_positions_daily',
  doc: 'One row per position and calendar day, from its first activity to the latest business date.',
  from: 'position_daily p',
  key: positionKey,
  portfolio: 'p.portfolio_id',
  date: 'p.date',
  columns: [
    col('account_id', 'VARCHAR', 'p.portfolio_id', '→ dim_account'),
    col('symbol', 'VARCHAR', 'p.security_id', '→ dim_symbol'),
    col('value_date', 'DATE', 'p.date', '(account_id, symbol, value_date) is the primary key'),
    col('cumulative_position', 'DOUBLE', 'p.quantity', 'quantity held at the end of the day'),
    col('cost_basis', 'DOUBLE', 'p.cost_basis', 'open cost, base currency'),
    col('cost_basis_local', 'DOUBLE', 'p.cost_basis_local', 'open cost, instrument currency'),
    col(
      'avg_cost_per_share',
      'DOUBLE',
      'CASE WHEN p.quantity <> 0 THEN p.cost_basis / p.quantity END',
      'cost_basis / cumulative_position (base); null when flat',
    ),
    col('market_price', 'DOUBLE', 'p.market_price', 'price used (carried forward), instrument currency'),
    col('price_date', 'DATE', 'p.price_date', 'date of that price'),
    col(
      'valuation_status',
      'VARCHAR',
      'p.valuation_status',
      'CURRENT, STALE (price carried forward) or UNVALUED',
    ),
    col('fx_rate', 'DOUBLE', 'p.fx_rate', 'instrument → base rate used'),
    col('fx_date', 'DATE', 'p.fx_date', 'date of that rate'),
    col('market_value_local', 'DOUBLE', 'p.eod_market_value_local', 'end-of-day value, instrument currency'),
    col(
      'market_value',
      'DOUBLE',
      'p.eod_market_value',
      'end-of-day value, base currency; null when unvalued',
    ),
    col('bod_market_value', 'DOUBLE', 'p.bod_market_value', 'beginning-of-day value (base)'),
    col('bod_cashflow', 'DOUBLE', 'p.bod_cashflow', 'flows into the position at the open (base)'),
    col('eod_cashflow', 'DOUBLE', 'p.eod_cashflow', 'flows into the position at the close (base)'),
    col('income', 'DOUBLE', 'p.income', 'dividends and interest of the day (base)'),
    col('fees', 'DOUBLE', 'p.fees', 'fees of the day (base)'),
    col('unrealized_pnl', 'DOUBLE', 'p.unrealized_gain_loss', 'market_value − cost_basis (base)'),
    col('unrealized_pnl_local', 'DOUBLE', 'p.unrealized_gain_loss_local', 'in instrument currency'),
    col(
      'incomplete_reason',
      'VARCHAR',
      'p.incomplete_reason',
      'why the day could not be valued, when it could not',
    ),
  ],
};

const factPnlDaily: StreamedTable = {
  name: 'fact_pnl_daily',
  doc: 'Profit and loss per position and calendar day, base currency.',
  from:
    'position_daily p LEFT JOIN LATERAL (SELECT sum(c.realized_gain_loss) AS realized FROM transaction_costs c ' +
    'WHERE c.portfolio_id = p.portfolio_id AND c.security_id = p.security_id AND c.position_date = p.date) r ON true',
  countFrom: 'position_daily p',
  key: positionKey,
  portfolio: 'p.portfolio_id',
  date: 'p.date',
  columns: [
    col('account_id', 'VARCHAR', 'p.portfolio_id', '→ dim_account'),
    col('symbol', 'VARCHAR', 'p.security_id', '→ dim_symbol'),
    col('value_date', 'DATE', 'p.date', '(account_id, symbol, value_date) is the primary key'),
    col(
      'realized_pnl',
      'DECIMAL',
      'coalesce(r.realized, 0)',
      'realized P&L booked on the day (exact, Σ transactions.realized_gain_loss)',
    ),
    col('unrealized_pnl', 'DOUBLE', 'p.unrealized_gain_loss', 'unrealized P&L at the close'),
    col('income', 'DOUBLE', 'p.income', 'dividends and interest of the day'),
    col('fees', 'DOUBLE', 'p.fees', 'fees of the day'),
    col('net_flow', 'DOUBLE', 'p.bod_cashflow + p.eod_cashflow', 'flows into the position (bod + eod)'),
    col(
      'market_value_change',
      'DOUBLE',
      'p.eod_market_value - p.bod_market_value',
      'market_value − bod_market_value; null when either is unvalued',
    ),
    col(
      'total_pnl',
      'DOUBLE',
      'p.eod_market_value - p.bod_market_value - p.bod_cashflow - p.eod_cashflow',
      'market_value_change − net_flow: the day’s gain of the position',
    ),
  ],
};

const factPortfolioValueDaily: StreamedTable = {
  name: 'fact_portfolio_value_daily',
  doc: 'One row per portfolio and calendar day, base currency.',
  from:
    'portfolio_daily d LEFT JOIN portfolios pf ON pf.portfolio_id = d.portfolio_id LEFT JOIN LATERAL (' +
    'SELECT sum(q.eod_market_value) AS cash FROM position_daily q JOIN instruments i ON i.security_id = q.security_id ' +
    `WHERE q.portfolio_id = d.portfolio_id AND q.date = d.date AND ${IS_CASH}) k ON true`,
  countFrom: 'portfolio_daily d',
  key: [
    { sql: 'd.portfolio_id', cast: 'text' },
    { sql: 'd.date', cast: 'date' },
  ],
  portfolio: 'd.portfolio_id',
  date: 'd.date',
  columns: [
    col('account_id', 'VARCHAR', 'd.portfolio_id', '→ dim_account'),
    col('value_date', 'DATE', 'd.date', '(account_id, value_date) is the primary key'),
    col('base_currency', 'VARCHAR', 'pf.base_currency', 'currency of every figure of the row'),
    col('total_value', 'DOUBLE', 'd.eod_market_value', 'end-of-day market value of the portfolio'),
    col('cash_balance', 'DOUBLE', 'coalesce(k.cash, 0)', 'the part of total_value in cash instruments'),
    col(
      'positions_value',
      'DOUBLE',
      'd.eod_market_value - coalesce(k.cash, 0)',
      'total_value − cash_balance',
    ),
    col('bod_market_value', 'DOUBLE', 'd.bod_market_value', 'beginning-of-day value (the previous close)'),
    col('bod_cashflow', 'DOUBLE', 'd.bod_cashflow', 'external flows at the open (+ in, − out)'),
    col('eod_cashflow', 'DOUBLE', 'd.eod_cashflow', 'external flows at the close'),
    col('net_flow', 'DOUBLE', 'd.bod_cashflow + d.eod_cashflow', 'bod_cashflow + eod_cashflow'),
    col('fees', 'DOUBLE', 'd.fees', 'fees of the day'),
    col('income', 'DOUBLE', 'd.income', 'dividends and interest of the day'),
    col('realized_pnl', 'DOUBLE', 'd.realized_gain_loss', 'realized P&L of the day'),
    col('complete', 'BOOLEAN', 'd.complete', 'every position was valued; false: see incomplete_reason'),
    col('incomplete_reason', 'VARCHAR', 'd.incomplete_reason', 'why not, when not'),
  ],
};

const benchmarks: StreamedTable = {
  name: 'benchmarks',
  doc: 'Benchmark definitions.',
  from: 'benchmarks b',
  key: [{ sql: 'b.benchmark_id', cast: 'text' }],
  columns: [
    col('benchmark_id', 'VARCHAR', 'b.benchmark_id', 'primary key'),
    col('benchmark_name', 'VARCHAR', 'b.benchmark_name', 'as ingested'),
    col('benchmark_currency', 'VARCHAR', 'b.benchmark_currency', 'ISO 4217'),
    col('benchmark_type', 'VARCHAR', 'b.benchmark_type', 'SINGLE_INDEX or COMPOSITE'),
    col('return_convention', 'VARCHAR', 'b.return_convention', 'PRICE_RETURN_INDEX or TOTAL_RETURN_INDEX'),
    col('provider', 'VARCHAR', 'b.provider', 'as ingested'),
  ],
};

const benchmarkLevels: StreamedTable = {
  name: 'benchmark_levels',
  doc: 'Benchmark index levels.',
  from: 'benchmark_levels b',
  key: [
    { sql: 'b.benchmark_id', cast: 'text' },
    { sql: 'b.series_date', cast: 'date' },
  ],
  date: 'b.series_date',
  columns: [
    col('benchmark_id', 'VARCHAR', 'b.benchmark_id', '→ benchmarks'),
    col('series_date', 'DATE', 'b.series_date', '(benchmark_id, series_date) is the primary key'),
    col('level', 'DECIMAL', 'b.level', 'index level at the close, exact as ingested'),
  ],
};

const benchmarkReturns: StreamedTable = {
  name: 'benchmark_returns',
  doc: 'Benchmark daily returns, for benchmarks given as returns.',
  from: 'benchmark_returns b',
  key: [
    { sql: 'b.benchmark_id', cast: 'text' },
    { sql: 'b.series_date', cast: 'date' },
  ],
  date: 'b.series_date',
  columns: [
    col('benchmark_id', 'VARCHAR', 'b.benchmark_id', '→ benchmarks'),
    col('series_date', 'DATE', 'b.series_date', '(benchmark_id, series_date) is the primary key'),
    col('daily_return', 'DECIMAL', 'b.daily_return', 'return of the day as a decimal (0.01 = 1 %)'),
  ],
};

/** Streamed from the store, in this order. */
export const STREAMED_TABLES: readonly StreamedTable[] = [
  dimAccount,
  dimSymbol,
  dimDate,
  transactions,
  lots,
  factPositionsDaily,
  factPnlDaily,
  factPortfolioValueDaily,
  benchmarks,
  benchmarkLevels,
  benchmarkReturns,
];

/** Computed in DuckDB once the streamed tables are written. */
export const DERIVED_TABLES: readonly DerivedTable[] = [
  {
    name: 'fact_trades',
    doc: 'The trades (BUY and SELL) of `transactions`, in seed 003’s shape.',
    select:
      'SELECT transaction_id AS trade_id, portfolio_id AS account_id, security_id AS symbol, ' +
      'transaction_type AS side, transaction_date AS trade_timestamp, CAST(transaction_date AS DATE) AS trade_date, ' +
      'quantity, price, gross_transaction_amount AS gross_amount, trade_fee AS fee, trade_currency, ' +
      'net_cost, realized_gain_loss AS realized_pnl FROM transactions ' +
      "WHERE transaction_type IN ('BUY', 'SELL')",
    columns: [
      { name: 'trade_id', type: 'VARCHAR', doc: 'transaction id (primary key)' },
      { name: 'account_id', type: 'VARCHAR', doc: '→ dim_account' },
      { name: 'symbol', type: 'VARCHAR', doc: '→ dim_symbol' },
      { name: 'side', type: 'VARCHAR', doc: 'BUY or SELL' },
      { name: 'trade_timestamp', type: 'TIMESTAMPTZ', doc: 'instant of the trade (UTC)' },
      { name: 'trade_date', type: 'DATE', doc: 'its date (UTC)' },
      { name: 'quantity', type: 'DECIMAL', doc: 'as ingested' },
      { name: 'price', type: 'DECIMAL', doc: 'trade currency' },
      { name: 'gross_amount', type: 'DECIMAL', doc: 'trade currency' },
      { name: 'fee', type: 'DECIMAL', doc: 'trade currency' },
      { name: 'trade_currency', type: 'VARCHAR', doc: 'ISO 4217' },
      { name: 'net_cost', type: 'DECIMAL', doc: 'booked, base currency (BUY)' },
      { name: 'realized_pnl', type: 'DECIMAL', doc: 'booked, base currency (SELL)' },
    ],
  },
];

/** A table the export computes per portfolio in TypeScript (domain/analytics/warehouse-metrics.ts). */
export interface MetricTable {
  name: string;
  doc: string;
  columns: readonly { name: string; type: ColumnType; doc: string }[];
}

const account = { name: 'account_id', type: 'VARCHAR', doc: '→ dim_account' } as const;
const valueDate = {
  name: 'value_date',
  type: 'DATE',
  doc: '(account_id, value_date) is the primary key',
} as const;

export const METRIC_TABLES = {
  daily_returns: {
    name: 'daily_returns',
    doc: 'The NET daily time-weighted return of each portfolio day (the one POST /portfolios/{id}/performance links).',
    columns: [
      account,
      valueDate,
      { name: 'daily_return', type: 'DOUBLE', doc: 'decimal (0.01 = 1 %); null when undefined' },
      { name: 'daily_return_pct', type: 'DOUBLE', doc: 'daily_return × 100' },
      { name: 'return_note', type: 'VARCHAR', doc: 'why daily_return is null, when it is' },
    ],
  },
  cumulative_returns: {
    name: 'cumulative_returns',
    doc: 'Returns linked geometrically from the first exported day.',
    columns: [
      account,
      valueDate,
      {
        name: 'cumulative_return',
        type: 'DOUBLE',
        doc: 'Π(1 + daily_return) − 1; null before any capital is at work and from an undefined daily return on',
      },
      { name: 'cumulative_return_pct', type: 'DOUBLE', doc: 'cumulative_return × 100' },
    ],
  },
  drawdown: {
    name: 'drawdown',
    doc: 'Drawdown of the wealth index from its running peak.',
    columns: [
      account,
      valueDate,
      { name: 'wealth_index', type: 'DOUBLE', doc: '1 + cumulative_return' },
      {
        name: 'peak_index',
        type: 'DOUBLE',
        doc: 'highest wealth_index so far, at least 1 (the starting capital)',
      },
      { name: 'drawdown', type: 'DOUBLE', doc: 'wealth_index / peak_index − 1 (≤ 0)' },
      { name: 'drawdown_pct', type: 'DOUBLE', doc: 'drawdown × 100' },
      { name: 'max_drawdown_pct', type: 'DOUBLE', doc: 'lowest drawdown_pct so far' },
    ],
  },
  rolling_volatility: {
    name: 'rolling_volatility',
    doc: 'Volatility of the last 30 weekday returns (a weekend linked into its Monday), one row per weekday once 30 exist.',
    columns: [
      account,
      {
        name: 'value_date',
        type: 'DATE',
        doc: 'the window’s last weekday; (account_id, value_date) is the primary key',
      },
      { name: 'observations', type: 'INTEGER', doc: 'returns in the window (30)' },
      { name: 'volatility', type: 'DOUBLE', doc: 'sample standard deviation (ddof 1) of the window' },
      { name: 'annualized_volatility', type: 'DOUBLE', doc: 'volatility × √252' },
      { name: 'annualized_volatility_pct', type: 'DOUBLE', doc: 'annualized_volatility × 100' },
    ],
  },
} as const satisfies Record<string, MetricTable>;
