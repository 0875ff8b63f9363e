/**
 * The column types of the warehouse export and how a value travels: PostgreSQL renders each column in a form
 * the DuckDB appender takes without loss (see `sourceExpression`), `appendValue` hands it over.
 *
 * Exact amounts (numeric in PostgreSQL: quantities, prices, costs, realized P&L as booked) become
 * DECIMAL(38,18): PostgreSQL rounds them to 18 decimal places and sends the scaled integer as text, which
 * becomes the DuckDB decimal's bigint, so nothing passes through a float. 20 integer digits remain; a value
 * beyond that fails the export with the column named (numeric field overflow), it is never truncated.
 * Daily-series figures are float64 in the store (docs/architecture.md) and stay DOUBLE.
 */
import {
  type DuckDBAppender,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
} from '@duckdb/node-api';

export type ColumnType = 'VARCHAR' | 'DATE' | 'TIMESTAMPTZ' | 'DECIMAL' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER';

export const DECIMAL_WIDTH = 38;
export const DECIMAL_SCALE = 18;

export interface Column {
  name: string;
  type: ColumnType;
  /** The SQL expression (PostgreSQL) over the table's source giving the value. */
  sql: string;
  /** What the column holds, for docs/warehouse.md. */
  doc: string;
}

/** The DuckDB type of a column in CREATE TABLE. */
export function duckType(type: ColumnType): string {
  return type === 'DECIMAL' ? `DECIMAL(${DECIMAL_WIDTH},${DECIMAL_SCALE})` : type;
}

/** The expression PostgreSQL returns for the column: a form the appender takes as is. */
export function sourceExpression(column: Column): string {
  const e = `(${column.sql})`;
  switch (column.type) {
    case 'DATE':
      return `(${e}::date - DATE '1970-01-01')`; // days since the epoch (int4)
    case 'TIMESTAMPTZ':
      return `(extract(epoch FROM ${e}) * 1000000)::numeric(30,0)::text`; // microseconds, exact
    case 'DECIMAL':
      return `(round(${e}::numeric, ${DECIMAL_SCALE}) * 1${'0'.repeat(DECIMAL_SCALE)})::numeric(${DECIMAL_WIDTH},0)::text`;
    case 'DOUBLE':
      return `${e}::float8`;
    case 'INTEGER':
      return `${e}::int4`;
    case 'BOOLEAN':
      return `${e}::boolean`;
    case 'VARCHAR':
      return `${e}::text`;
  }
}

/** Appends one value rendered by sourceExpression; null stays NULL. */
export function appendValue(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case 'DATE':
      appender.appendDate(new DuckDBDateValue(Number(value)));
      return;
    case 'TIMESTAMPTZ':
      appender.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(String(value))));
      return;
    case 'DECIMAL':
      appender.appendDecimal(new DuckDBDecimalValue(BigInt(String(value)), DECIMAL_WIDTH, DECIMAL_SCALE));
      return;
    case 'DOUBLE':
      appender.appendDouble(Number(value));
      return;
    case 'INTEGER':
      appender.appendInteger(Number(value));
      return;
    case 'BOOLEAN':
      appender.appendBoolean(Boolean(value));
      return;
    case 'VARCHAR':
      appender.appendVarchar(String(value));
      return;
  }
}
