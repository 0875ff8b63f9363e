import { get } from '../api/client.ts';
import { money, price, quantity, signClass } from '../format.ts';
import { setQuery } from '../route.ts';
import { Empty, Figure, Show, Table, useLoad } from '../ui.tsx';

const PAGE = 50;
type SortBy = 'transaction_date' | 'quantity' | 'price' | 'gross_transaction_amount' | 'transaction_id';

/** Filters live in the address (sec, tfrom, tto, page, sort, order), so a filtered page can be linked. */
export function TransactionsPage({ id, query }: { id: string; query: URLSearchParams }) {
  const security = query.get('sec') ?? '';
  const start = query.get('tfrom') ?? '';
  const end = query.get('tto') ?? '';
  const page = Math.max(0, Number(query.get('page') ?? 0) || 0);
  const sortBy = (query.get('sort') as SortBy | null) ?? 'transaction_date';
  const order = query.get('order') === 'asc' ? 'asc' : 'desc';
  const loaded = useLoad(
    async (signal) => {
      const path = { portfolio_id: id };
      const [portfolio, list] = await Promise.all([
        get('/portfolios/{portfolio_id}', { path }, signal),
        get(
          '/portfolios/{portfolio_id}/transactions',
          {
            path,
            query: {
              security_id: security || undefined,
              start_date: start || undefined,
              end_date: end || undefined,
              skip: page * PAGE,
              limit: PAGE,
              sort_by: sortBy,
              sort_order: order,
            },
          },
          signal,
        ),
      ]);
      return { base: portfolio.base_currency, ...list };
    },
    [id, security, start, end, page, sortBy, order],
  );
  const change = (name: string) => (e: Event) =>
    setQuery({ [name]: (e.target as HTMLInputElement).value || undefined, page: undefined });
  return (
    <>
      <h1>Transactions</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Security <input type="text" name="sec" value={security} onChange={change('sec')} />
        </label>
        <label>
          From <input type="date" name="tfrom" value={start} onChange={change('tfrom')} />
        </label>
        <label>
          To <input type="date" name="tto" value={end} onChange={change('tto')} />
        </label>
        <label>
          Sort{' '}
          <select value={sortBy} onChange={(e) => setQuery({ sort: (e.target as HTMLSelectElement).value })}>
            <option value="transaction_date">date</option>
            <option value="transaction_id">id</option>
            <option value="quantity">quantity</option>
            <option value="price">price</option>
            <option value="gross_transaction_amount">amount</option>
          </select>
        </label>
        <button type="button" onClick={() => setQuery({ order: order === 'asc' ? 'desc' : 'asc' })}>
          {order === 'asc' ? 'Oldest first' : 'Newest first'}
        </button>
      </form>
      <Show loaded={loaded} label="Loading transactions…">
        {(d) => {
          if (d.total === 0) return <Empty>No transaction matches these filters.</Empty>;
          const last = Math.ceil(d.total / PAGE) - 1;
          return (
            <>
              <Table
                testid="transactions"
                head={[
                  'Date',
                  'Id',
                  'Type',
                  'Security',
                  ['Quantity', 'r'],
                  ['Price', 'r'],
                  ['Gross amount', 'r'],
                  ['Fee', 'r'],
                  [`Net cost (${d.base})`, 'r'],
                  [`Realized P&L (${d.base})`, 'r'],
                  ['Cashflow', 'r'],
                ]}
              >
                {d.transactions.map((t) => (
                  <tr key={t.transaction_id} data-transaction={t.transaction_id}>
                    <td>{t.transaction_date.slice(0, 10)}</td>
                    <td class="small">{t.transaction_id}</td>
                    <td>{t.transaction_type}</td>
                    <td>{t.security_id}</td>
                    <td class="r">{quantity(t.quantity)}</td>
                    <td class="r">{price(t.price, t.trade_currency)}</td>
                    <td class="r">{money(t.gross_transaction_amount, t.trade_currency)}</td>
                    <td class="r">{money(t.trade_fee, t.trade_currency)}</td>
                    <td class="r">{money(t.net_cost, d.base)}</td>
                    <td
                      class="r"
                      title={
                        t.realized_gain_loss === null
                          ? undefined
                          : `price ${money(t.realized_gain_loss_price, d.base)}, FX ${money(t.realized_gain_loss_fx, d.base)}`
                      }
                    >
                      <Figure
                        value={t.realized_gain_loss}
                        text={money(t.realized_gain_loss, d.base)}
                        class={signClass(t.realized_gain_loss)}
                      />
                    </td>
                    <td class="r" title={t.cashflow?.classification}>
                      {t.cashflow ? money(t.cashflow.amount, t.cashflow.currency) : '—'}
                    </td>
                  </tr>
                ))}
              </Table>
              <nav class="pager" aria-label="Pages">
                <button
                  type="button"
                  disabled={page === 0}
                  onClick={() => setQuery({ page: String(page - 1) })}
                >
                  Previous
                </button>
                <span data-testid="page-info">
                  {d.skip + 1}–{d.skip + d.transactions.length} of {d.total}
                </span>
                <button
                  type="button"
                  disabled={page >= last}
                  onClick={() => setQuery({ page: String(page + 1) })}
                >
                  Next
                </button>
              </nav>
            </>
          );
        }}
      </Show>
    </>
  );
}
