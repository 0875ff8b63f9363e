import type { Row, Sql } from '../db.ts';

/**
 * A WHERE clause built from optional conditions: a condition whose first value is undefined is left out, so
 * a query carries only the predicates it filters on and the planner sees them as plain column comparisons.
 */
export interface SqlFilter {
  /** '' or 'WHERE …' with $1..$n placeholders. */
  where: string;
  params: unknown[];
}

/** Each condition is SQL with one '?' per value, in order, e.g. ['client_id = ?', clientId]. */
export type Condition = readonly [sql: string, value: unknown, ...more: unknown[]];

export function filterOf(conditions: readonly Condition[]): SqlFilter {
  const params: unknown[] = [];
  const clauses: string[] = [];
  for (const [sql, ...values] of conditions) {
    if (values[0] === undefined) continue;
    let i = 0;
    clauses.push(
      sql.replace(/\?/g, () => {
        params.push(values[i++]);
        return `$${params.length}`;
      }),
    );
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The next placeholder after a filter's parameters, for LIMIT / OFFSET and the like. */
export const nextParam = (filter: SqlFilter, value: unknown): string => {
  filter.params.push(value);
  return `$${filter.params.length}`;
};

/** How many rows of `from` (a table, its alias and joins) match the conditions. */
export async function countOf(db: Sql, from: string, conditions: readonly Condition[]): Promise<number> {
  const { where, params } = filterOf(conditions);
  const [row] = await db.query<{ total: number }>(
    `SELECT count(*)::int8 AS total FROM ${from} ${where}`,
    params,
  );
  return row?.total ?? 0;
}

/** One page (LIMIT, OFFSET) of `SELECT columns FROM from` matching the conditions, in `order`. */
export function pageOf<R extends Row>(
  db: Sql,
  query: { columns: string; from: string; order: string },
  conditions: readonly Condition[],
  page: { skip: number; limit: number },
): Promise<R[]> {
  const f = filterOf(conditions);
  return db.query<R>(
    `SELECT ${query.columns} FROM ${query.from} ${f.where} ORDER BY ${query.order}
     LIMIT ${nextParam(f, page.limit)} OFFSET ${nextParam(f, page.skip)}`,
    f.params,
  );
}
