/**
 * Rows sent to PostgreSQL as ONE JSON parameter (an array of objects keyed by column name) and read back with
 * json_to_recordset, instead of one array parameter per column: a driver encodes a column array element by
 * element (PGlite in JavaScript, on the database's thread), a JSON text is encoded once, by JSON.stringify.
 * 2,000 rows of 24 columns: ~73 ms instead of ~90–105 ms on PGlite.
 */

/** Column names and their SQL types, in the order the rows are read back. */
export type Shape = ReadonlyArray<readonly [name: string, type: string]>;

/** The FROM item that reads parameter `$param` as rows of `shape`, under `alias`. */
export function jsonRows(shape: Shape, alias = 'r', param = 1): string {
  return `json_to_recordset($${param}::json) AS ${alias}(${shape.map(([n, t]) => `"${n}" ${t}`).join(', ')})`;
}

/**
 * A value as JSON carries it exactly: a finite number in its shortest round-trip form (float8 reads it back to
 * the same double), text, decimal strings and dates as strings. A non-finite number has no JSON form
 * (JSON.stringify would write null): it goes as the text float8 reads ('NaN', 'Infinity').
 */
export const jsonValue = (v: unknown): unknown =>
  typeof v === 'number' && !Number.isFinite(v) ? String(v) : (v ?? null);

/** One row of `shape` from its values in shape order. */
export function jsonRow(shape: Shape, values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  shape.forEach(([name], i) => {
    row[name] = jsonValue(values[i]);
  });
  return row;
}
