import { AppError, type FieldError } from '../domain/errors.ts';
import type { Sql } from '../store/db.ts';
import { TOPICS } from './topics.ts';

/**
 * What a key limited to portfolios may write: records owned by one of its portfolios (portfolios,
 * transactions, reprocessing requests, each keyed by its portfolio on the log). Reference data — instruments,
 * prices, FX rates, business dates, benchmarks — is shared: it values every portfolio, so such a key cannot
 * write it. A request with any record outside the limit is refused whole, each such record named.
 */

/** Topics whose record key is the owning portfolio's id (ingest-service ROUTING, reprocessing requests). */
const PORTFOLIO_KEYED = new Set<string>([
  TOPICS.rawPortfolios,
  TOPICS.rawTransactions,
  TOPICS.reprocessRequests,
]);

export interface ScopedDraft {
  topic: string;
  key: string;
  value?: unknown;
}

/**
 * Throws PORTFOLIO_FORBIDDEN naming every record outside `allowed`. `fieldOf(topic)` names the field as the
 * request names it (`portfolio_id`, `transactions.portfolio_id`, `transaction_ids`); records are indexed
 * within their list, as validation errors are.
 */
export function refuseOutsidePortfolios(
  drafts: readonly ScopedDraft[],
  allowed: ReadonlySet<string>,
  fieldOf: (topic: string) => string,
): void {
  const errors = outsideErrors(drafts, allowed, fieldOf);
  if (errors.length > 0) throw refusal(errors);
}

const refusal = (errors: readonly FieldError[]) =>
  new AppError(
    'PORTFOLIO_FORBIDDEN',
    `${errors.length} record(s) lie outside the portfolios of this API key; nothing was written`,
    errors,
  );

function outsideErrors(
  drafts: readonly ScopedDraft[],
  allowed: ReadonlySet<string>,
  fieldOf: (topic: string) => string,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  for (const draft of drafts) {
    const index = seen.get(draft.topic) ?? 0;
    seen.set(draft.topic, index + 1);
    if (!PORTFOLIO_KEYED.has(draft.topic)) {
      errors.push({
        index,
        field: fieldOf(draft.topic),
        message:
          'is reference data shared by every portfolio; an API key limited to portfolios cannot write it',
      });
    } else if (!allowed.has(draft.key)) {
      errors.push({
        index,
        field: fieldOf(draft.topic),
        message: `belongs to portfolio "${draft.key}", which this API key may not write`,
      });
    }
  }
  return errors;
}

/**
 * A transaction id is unique across portfolios: a record of an allowed portfolio reusing the id of another
 * portfolio's transaction would move that transaction (a new version of the fact). Such records are refused
 * too. Transactions still on the log, not yet stored, are not seen here.
 */
export async function refuseTakenTransactionIds(
  db: Sql,
  drafts: readonly ScopedDraft[],
  allowed: ReadonlySet<string>,
  field: string,
): Promise<void> {
  const indexed = drafts
    .filter((d) => d.topic === TOPICS.rawTransactions)
    .map((d, index) => ({ index, id: String((d.value as { transaction_id?: unknown }).transaction_id) }));
  if (indexed.length === 0) return;
  const rows = await db.query<{ transaction_id: string }>(
    'SELECT transaction_id FROM transactions WHERE transaction_id = ANY($1::text[]) AND NOT (portfolio_id = ANY($2::text[]))',
    [indexed.map((t) => t.id), [...allowed]],
  );
  if (rows.length === 0) return;
  const taken = new Set(rows.map((r) => r.transaction_id));
  throw refusal(
    indexed
      .filter((t) => taken.has(t.id))
      .map((t) => ({
        index: t.index,
        field,
        message: `"${t.id}" is the id of a transaction of a portfolio this API key may not write`,
      })),
  );
}
