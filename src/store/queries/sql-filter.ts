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
