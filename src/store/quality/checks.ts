import { code as currencyInfo } from 'currency-codes';
import { BENCHMARK_TYPES, COST_BASIS_METHODS, TRANSACTION_TYPES } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';
import type { CheckCategory, CheckResult, QualityReport } from './report.ts';

/**
 * Data-quality checks on the stored facts and the derived state (`pas check`, `GET /data-quality`): seed 003's
 * dbt data tests (unique, not null, accepted values, relationships) on our tables, and the identities the
 * pipeline promises (a portfolio's value is the sum of its positions', its value changes only by flows and
 * P&L, the lots add up to the positions, the daily series have no gaps). Each check is one query returning the
 * rows that break it; the result gives their count and the first few. docs/operations.md lists them.
 */

export interface CheckDefinition {
  name: string;
  category: CheckCategory;
  table: string;
  description: string;
  /** The tolerance an identity allows, in words; null for exact checks. */
  tolerance: string | null;
  /** A query returning the failing rows ($1, $2: base currencies and their half minor units). */
  sql: string;
}

/** How many failing rows a result shows. */
export const EXAMPLES = 5;

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

const unique = (table: string, columns: readonly string[]): CheckDefinition => ({
  name: `unique_${table}`,
  category: 'unique',
  table,
  description: `one row per (${columns.join(', ')})`,
  tolerance: null,
  sql: `SELECT ${columns.join(', ')}, count(*) AS copies FROM ${table} GROUP BY ${columns.join(', ')} HAVING count(*) > 1`,
});

const accepted = (
  table: string,
  column: string,
  values: readonly string[],
  key: string,
): CheckDefinition => ({
  name: `accepted_values_${table}_${column}`,
  category: 'accepted_values',
  table,
  description: `${column} is one of ${values.join(', ')}`,
  tolerance: null,
  sql: `SELECT ${key}, ${column} FROM ${table} WHERE ${column} NOT IN (${list(values)})`,
});

const relationship = (
  table: string,
  column: string,
  parent: string,
  parentColumn: string,
  key: string,
): CheckDefinition => ({
  name: `relationships_${table}_${column}`,
  category: 'relationships',
  table,
  description: `every ${table}.${column} exists in ${parent}.${parentColumn}`,
  tolerance: null,
  sql: `SELECT DISTINCT ${key}, t.${column} FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM ${parent} p WHERE p.${parentColumn} = t.${column})`,
});

/** Float sums of the daily series differ from their parts by rounding only: far below a millionth of a unit. */
const FLOAT_TOLERANCE = 'absolute 1e-6 + relative 1e-12 of the value';
const floatDiffers = (a: string, b: string) =>
  `abs((${a}) - (${b})) > 1e-6 + 1e-12 * greatest(abs(${a}), abs(${b}))`;

export const CHECKS: readonly CheckDefinition[] = [
  unique('transactions', ['transaction_id']),
  unique('portfolios', ['portfolio_id']),
  unique('instruments', ['security_id']),
  unique('position_daily', ['portfolio_id', 'security_id', 'date']),
  unique('portfolio_daily', ['portfolio_id', 'date']),
  unique('lots', ['portfolio_id', 'security_id', 'lot_id']),
  unique('transaction_costs', ['transaction_id']),
  {
    name: 'not_null_position_daily_valued',
    category: 'not_null',
    table: 'position_daily',
    description: 'a held position valued CURRENT or STALE has a price and a market value',
    tolerance: null,
    sql:
      'SELECT portfolio_id, security_id, date, valuation_status, market_price, eod_market_value FROM position_daily ' +
      "WHERE quantity <> 0 AND valuation_status IN ('CURRENT', 'STALE') " +
      'AND (market_price IS NULL OR eod_market_value IS NULL OR eod_market_value_local IS NULL)',
  },
  {
    name: 'not_null_portfolio_daily_incomplete_reason',
    category: 'not_null',
    table: 'portfolio_daily',
    description: 'an incomplete portfolio day says why (incomplete_reason), a complete one has no reason',
    tolerance: null,
    sql:
      'SELECT portfolio_id, date, complete, incomplete_reason FROM portfolio_daily ' +
      'WHERE (NOT complete AND incomplete_reason IS NULL) OR (complete AND incomplete_reason IS NOT NULL)',
  },
  {
    name: 'not_null_transaction_costs_booked',
    category: 'not_null',
    table: 'transaction_costs',
    description: 'a booked BUY has its net cost, a booked SELL its realized P&L',
    tolerance: null,
    sql:
      'SELECT c.transaction_id, t.transaction_type, c.net_cost, c.realized_gain_loss FROM transaction_costs c ' +
      'JOIN transactions t ON t.transaction_id = c.transaction_id ' +
      "WHERE (t.transaction_type = 'BUY' AND c.net_cost IS NULL) OR (t.transaction_type = 'SELL' AND c.realized_gain_loss IS NULL)",
  },
  accepted('transactions', 'transaction_type', TRANSACTION_TYPES, 'transaction_id'),
  accepted('portfolios', 'cost_basis_method', COST_BASIS_METHODS, 'portfolio_id'),
  accepted(
    'position_daily',
    'valuation_status',
    ['CURRENT', 'STALE', 'UNVALUED'],
    'portfolio_id, security_id, date',
  ),
  accepted('position_keys', 'status', ['CURRENT', 'REPROCESSING', 'BLOCKED'], 'portfolio_id, security_id'),
  accepted('cashflows', 'timing', ['BOD', 'EOD'], 'transaction_id'),
  accepted('benchmarks', 'benchmark_type', BENCHMARK_TYPES, 'benchmark_id'),
  relationship('transactions', 'portfolio_id', 'portfolios', 'portfolio_id', 't.transaction_id'),
  relationship('transactions', 'security_id', 'instruments', 'security_id', 't.transaction_id'),
  relationship('position_daily', 'portfolio_id', 'portfolios', 'portfolio_id', 't.security_id'),
  relationship('position_daily', 'security_id', 'instruments', 'security_id', 't.portfolio_id'),
  relationship('portfolio_daily', 'portfolio_id', 'portfolios', 'portfolio_id', 't.portfolio_id AS owner'),
  relationship('transaction_costs', 'transaction_id', 'transactions', 'transaction_id', 't.portfolio_id'),
  relationship('cashflows', 'transaction_id', 'transactions', 'transaction_id', 't.portfolio_id'),
  relationship('lots', 'source_transaction_id', 'transactions', 'transaction_id', 't.portfolio_id, t.lot_id'),
  relationship('market_prices', 'security_id', 'instruments', 'security_id', 't.price_date'),
  {
    name: 'identity_portfolio_eod_equals_sum_of_positions',
    category: 'identity',
    table: 'portfolio_daily',
    description:
      'on a complete day, the portfolio’s end-of-day value is the sum of its positions’ (base currency)',
    tolerance: FLOAT_TOLERANCE,
    sql:
      'SELECT d.portfolio_id, d.date, d.eod_market_value, s.positions FROM portfolio_daily d ' +
      'LEFT JOIN (SELECT portfolio_id, date, sum(eod_market_value) AS positions FROM position_daily GROUP BY 1, 2) s ' +
      'ON s.portfolio_id = d.portfolio_id AND s.date = d.date ' +
      `WHERE d.complete AND (s.positions IS NULL OR ${floatDiffers('d.eod_market_value', 's.positions')})`,
  },
  {
    name: 'identity_portfolio_bod_equals_previous_eod',
    category: 'identity',
    table: 'portfolio_daily',
    description: 'a portfolio day opens at the previous day’s close',
    tolerance: FLOAT_TOLERANCE,
    sql:
      'SELECT portfolio_id, date, bod_market_value, previous_eod FROM (SELECT portfolio_id, date, bod_market_value, ' +
      'lag(eod_market_value) OVER (PARTITION BY portfolio_id ORDER BY date) AS previous_eod FROM portfolio_daily) x ' +
      `WHERE previous_eod IS NOT NULL AND ${floatDiffers('bod_market_value', 'previous_eod')}`,
  },
  {
    name: 'identity_value_change_equals_flows_plus_pnl',
    category: 'identity',
    table: 'portfolio_daily',
    description:
      'on a complete day, eod − bod = external flows (bod + eod) + P&L, the P&L being the change of the ' +
      'positions’ unrealized P&L + realized P&L + income',
    tolerance:
      'half a minor unit of the base currency per transaction booked that day (clients round the cash leg of a ' +
      'trade in another currency to the minor unit, so internal flows need not cancel exactly) + 1e-6',
    sql: `WITH p AS (
        SELECT portfolio_id, date, unrealized_gain_loss AS u,
               lag(unrealized_gain_loss) OVER (PARTITION BY portfolio_id, security_id ORDER BY date) AS pu,
               row_number() OVER (PARTITION BY portfolio_id, security_id ORDER BY date) AS n
        FROM position_daily),
      s AS (
        SELECT portfolio_id, date, sum(u - coalesce(pu, 0)) AS unrealized_change,
               count(*) FILTER (WHERE u IS NULL OR (pu IS NULL AND n > 1)) AS unknown
        FROM p GROUP BY 1, 2),
      booked AS (SELECT portfolio_id, position_date AS date, count(*) AS n FROM transaction_costs GROUP BY 1, 2),
      units AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS u(currency, half_unit))
      SELECT d.portfolio_id, d.date, d.eod_market_value - d.bod_market_value AS value_change,
             d.bod_cashflow + d.eod_cashflow AS flows,
             s.unrealized_change + d.realized_gain_loss + d.income AS pnl,
             (d.eod_market_value - d.bod_market_value) - (d.bod_cashflow + d.eod_cashflow)
               - (s.unrealized_change + d.realized_gain_loss + d.income) AS difference
      FROM portfolio_daily d
      JOIN s ON s.portfolio_id = d.portfolio_id AND s.date = d.date
      JOIN portfolios pf ON pf.portfolio_id = d.portfolio_id
      LEFT JOIN units ON units.currency = pf.base_currency
      LEFT JOIN booked b ON b.portfolio_id = d.portfolio_id AND b.date = d.date
      WHERE d.complete AND s.unknown = 0
        AND abs((d.eod_market_value - d.bod_market_value) - (d.bod_cashflow + d.eod_cashflow)
                - (s.unrealized_change + d.realized_gain_loss + d.income))
            > 1e-6 + coalesce(units.half_unit, 0.005) * coalesce(b.n, 0)`,
  },
  {
    name: 'identity_lots_sum_to_positions',
    category: 'identity',
    table: 'lots',
    description:
      'per position, the open lots’ quantity and cost (base and local) equal the latest position (exact decimals)',
    tolerance: null,
    sql: `WITH last AS (
        SELECT DISTINCT ON (portfolio_id, security_id) portfolio_id, security_id, quantity, cost_basis, cost_basis_local
        FROM position_history ORDER BY portfolio_id, security_id, seq DESC),
      l AS (
        SELECT portfolio_id, security_id, sum(open_quantity) AS quantity, sum(open_cost_base) AS cost_basis,
               sum(open_cost_local) AS cost_basis_local
        FROM lots GROUP BY 1, 2)
      SELECT portfolio_id, security_id, last.quantity AS position_quantity, l.quantity AS lots_quantity,
             last.cost_basis AS position_cost, l.cost_basis AS lots_cost
      FROM last FULL JOIN l USING (portfolio_id, security_id)
      WHERE coalesce(l.quantity, 0) <> coalesce(last.quantity, 0)
         OR coalesce(l.cost_basis, 0) <> coalesce(last.cost_basis, 0)
         OR coalesce(l.cost_basis_local, 0) <> coalesce(last.cost_basis_local, 0)`,
  },
  {
    name: 'identity_no_gap_portfolio_daily',
    category: 'identity',
    table: 'portfolio_daily',
    description: 'a portfolio’s daily series has a row for every calendar day from its first to its last',
    tolerance: null,
    sql:
      'SELECT portfolio_id, min(date) AS first_date, max(date) AS last_date, count(*) AS days, ' +
      '(max(date) - min(date) + 1) - count(*) AS missing_days FROM portfolio_daily GROUP BY portfolio_id ' +
      'HAVING count(*) <> max(date) - min(date) + 1',
  },
  {
    name: 'identity_no_gap_position_daily',
    category: 'identity',
    table: 'position_daily',
    description:
      'a held position has a row for every calendar day up to its portfolio’s last day (after a position is ' +
      'closed, days with quantity 0 and no activity are left out by design)',
    tolerance: null,
    sql: `SELECT x.portfolio_id, x.security_id, x.date AS last_date_before_gap, x.quantity,
             coalesce(x.next_date, s.last_date + 1) - x.date - 1 AS missing_days
      FROM (SELECT portfolio_id, security_id, date, quantity,
                   lead(date) OVER (PARTITION BY portfolio_id, security_id ORDER BY date) AS next_date
            FROM position_daily) x
      JOIN (SELECT portfolio_id, max(date) AS last_date FROM portfolio_daily GROUP BY portfolio_id) s
        ON s.portfolio_id = x.portfolio_id
      WHERE x.quantity <> 0 AND coalesce(x.next_date, s.last_date + 1) > x.date + 1`,
  },
];

/** Half the minor unit of each base currency in use: the rounding a cash leg may carry. */
async function halfUnits(db: Sql): Promise<[string[], number[]]> {
  const rows = await db.query<{ base_currency: string }>('SELECT DISTINCT base_currency FROM portfolios');
  const currencies = rows.map((r) => r.base_currency);
  return [currencies, currencies.map((c) => 0.5 * 10 ** -(currencyInfo(c)?.digits ?? 2))];
}

export async function runChecks(db: Sql, only?: readonly string[]): Promise<QualityReport> {
  const units = await halfUnits(db);
  const checks: CheckResult[] = [];
  for (const check of CHECKS) {
    if (only && !only.includes(check.name)) continue;
    const params = check.sql.includes('$1') ? units : [];
    const rows = await db.query(
      `SELECT x.*, count(*) OVER () AS failing__ FROM (${check.sql}) x LIMIT ${EXAMPLES}`,
      params,
    );
    const failing = Number(rows[0]?.failing__ ?? 0);
    const { sql: _sql, ...definition } = check;
    checks.push({
      ...definition,
      status: failing === 0 ? 'pass' : 'fail',
      failing,
      examples: rows.map(({ failing__: _f, ...example }) => example),
    });
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  return { status: failed === 0 ? 'pass' : 'fail', passed: checks.length - failed, failed, checks };
}
