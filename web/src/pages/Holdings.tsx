import { useMemo } from 'preact/hooks';
import { get, type Response } from '../api/client.ts';
import { TimeChart } from '../charts/TimeChart.tsx';
import { compact, money, pct, price, quantity, signClass, weight } from '../format.ts';
import { href, setQuery } from '../route.ts';
import { Card, Empty, Figure, Show, Table, useLoad } from '../ui.tsx';

type Position = Response<'/portfolios/{portfolio_id}/positions'>['positions'][number];

export function HoldingsPage({ id, query }: { id: string; query: URLSearchParams }) {
  const asOf = query.get('to') ?? undefined;
  const open = query.get('sec');
  const loaded = useLoad(
    async (signal) => {
      const path = { portfolio_id: id };
      const [portfolio, positions] = await Promise.all([
        get('/portfolios/{portfolio_id}', { path }, signal),
        get('/portfolios/{portfolio_id}/positions', { path, query: { as_of_date: asOf } }, signal),
      ]);
      return { base: portfolio.base_currency, ...positions };
    },
    [id, asOf],
  );
  return (
    <>
      <h1>Holdings</h1>
      <Show loaded={loaded} label="Loading positions…">
        {(d) =>
          d.positions.length === 0 ? (
            <Empty>No open position as of {d.as_of_date ?? 'today'}.</Empty>
          ) : (
            <div class="table-wrap">
              <p class="note">
                As of {d.as_of_date}; values in {d.base}. Select a row to see its lots, sales and value over
                time.
              </p>
              <table data-testid="holdings">
                <thead>
                  <tr>
                    <th>Security</th>
                    <th class="r">Quantity</th>
                    <th class="r">Price (local)</th>
                    <th>Price date</th>
                    <th class="r">Market value ({d.base})</th>
                    <th class="r">Weight</th>
                    <th class="r">Cost ({d.base})</th>
                    <th class="r">Unrealized P&L ({d.base})</th>
                    <th>Valuation</th>
                  </tr>
                </thead>
                <tbody>
                  {d.positions.map((p) => (
                    <PositionRows
                      key={p.security_id}
                      id={id}
                      p={p}
                      base={d.base}
                      open={open === p.security_id}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Show>
    </>
  );
}

function PositionRows({ id, p, base, open }: { id: string; p: Position; base: string; open: boolean }) {
  const toggle = () => setQuery({ sec: open ? undefined : p.security_id });
  const v = p.valuation;
  return (
    <>
      <tr data-security={p.security_id} class={open ? 'open' : ''}>
        <td>
          <button type="button" class="link" aria-expanded={open} onClick={toggle}>
            {open ? '▾' : '▸'} {p.security_id}
          </button>
          <div class="muted small">{p.instrument_name}</div>
        </td>
        <td class="r">
          <Figure testid="quantity" value={p.quantity} text={quantity(p.quantity)} />
        </td>
        <td class="r">{price(v?.market_price, p.currency)}</td>
        <td class={p.price_age_days !== null && p.price_age_days > 0 ? 'warn-text' : ''}>
          {p.price_date ?? '—'}
          {p.price_age_days ? ` (${p.price_age_days} d old)` : ''}
        </td>
        <td class="r">
          <Figure testid="market-value" value={v?.market_value} text={money(v?.market_value, base)} />
        </td>
        <td class="r">{weight(p.weight)}</td>
        <td class="r">
          <Figure value={p.cost_basis} text={money(p.cost_basis, base)} />
        </td>
        <td class="r">
          <Figure
            testid="unrealized"
            value={v?.unrealized_gain_loss}
            text={money(v?.unrealized_gain_loss, base)}
            class={signClass(v?.unrealized_gain_loss)}
          />
        </td>
        <td>
          <span
            class={`badge ${p.valuation_status === 'CURRENT' ? 'ok' : 'warn'}`}
            title={p.incomplete_reason ?? undefined}
          >
            {p.valuation_status ?? 'NONE'}
          </span>
          {p.reprocessing_status === 'BLOCKED' && (
            <a class="badge bad" href={href('health', id)}>
              BLOCKED
            </a>
          )}
        </td>
      </tr>
      {open && (
        <tr class="detail">
          <td colSpan={9}>
            <PositionDetail id={id} p={p} base={base} />
          </td>
        </tr>
      )}
    </>
  );
}

function PositionDetail({ id, p, base }: { id: string; p: Position; base: string }) {
  const path = { portfolio_id: id, security_id: p.security_id };
  const loaded = useLoad(
    (signal) =>
      Promise.all([
        get('/portfolios/{portfolio_id}/positions/{security_id}/lots', { path }, signal),
        get('/portfolios/{portfolio_id}/positions/{security_id}/sell-disposals', { path }, signal),
        get('/portfolios/{portfolio_id}/positions/{security_id}/timeseries', { path }, signal),
      ]),
    [id, p.security_id],
  );
  return (
    <Show loaded={loaded} label="Loading lots and sales…">
      {([lots, sales, series]) => (
        <div class="grid detail-grid">
          <Card title={`Lots, open and closed (${p.currency ?? 'local'} / ${base})`}>
            {lots.lots.length === 0 ? (
              <Empty>No open lot.</Empty>
            ) : (
              <Table
                testid="lots"
                compact
                head={[
                  'Acquired',
                  ['Open qty', 'r'],
                  ['Original qty', 'r'],
                  [`Open cost (${p.currency ?? 'local'})`, 'r'],
                  [`Open cost (${base})`, 'r'],
                ]}
              >
                {lots.lots.map((l) => (
                  <tr key={l.lot_id}>
                    <td>{l.acquisition_date}</td>
                    <td class="r">{quantity(l.open_quantity)}</td>
                    <td class="r">{quantity(l.original_quantity)}</td>
                    <td class="r">
                      {p.currency ? money(l.open_cost_local, p.currency) : quantity(l.open_cost_local)}
                    </td>
                    <td class="r">{money(l.open_cost_base, base)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title={`Sales: realized P&L (${base})`}>
            {sales.sell_disposals.length === 0 ? (
              <Empty>No sale.</Empty>
            ) : (
              <Table
                testid="disposals"
                compact
                head={[
                  'Date',
                  ['Quantity', 'r'],
                  ['Proceeds', 'r'],
                  ['Cost', 'r'],
                  ['Realized', 'r'],
                  ['of which price', 'r'],
                  ['of which FX', 'r'],
                ]}
              >
                {sales.sell_disposals.map((s) => (
                  <tr key={`${s.transaction_id}-${s.transaction_date}`}>
                    <td>{s.transaction_date.slice(0, 10)}</td>
                    <td class="r">{quantity(s.quantity_disposed)}</td>
                    <td class="r">{money(s.net_sell_proceeds_base, base)}</td>
                    <td class="r">{money(s.disposal_cost_basis_base, base)}</td>
                    <td class={`r ${signClass(s.realized_gain_loss_base)}`}>
                      {money(s.realized_gain_loss_base, base)}
                    </td>
                    <td class="r">{money(s.realized_gain_loss_price, base)}</td>
                    <td class="r">{money(s.realized_gain_loss_fx, base)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title={`${p.security_id}: value and return (${base})`}>
            <PositionChart rows={series.rows} base={base} />
          </Card>
        </div>
      )}
    </Show>
  );
}

type PositionSeries = Response<'/portfolios/{portfolio_id}/positions/{security_id}/timeseries'>['rows'];

function PositionChart({ rows, base }: { rows: PositionSeries; base: string }) {
  const data = useMemo(() => {
    const dates = rows.map((r) => r.date);
    // The position's unrealized return on its cost each day: market value / cost basis − 1.
    const onCost = rows.map((r) => {
      const cost = Number(r.cost_basis);
      return r.eod_market_value === null || !(cost > 0) ? null : r.eod_market_value / cost - 1;
    });
    return { dates, value: rows.map((r) => r.eod_market_value), onCost };
  }, [rows]);
  if (rows.length === 0) return <Empty>No daily series for this position.</Empty>;
  return (
    <>
      <TimeChart
        testid="position-value-chart"
        dates={data.dates}
        series={[{ label: `Market value (${base})`, color: '#2a5db0', values: data.value }]}
        format={(v) => money(v, base)}
        axisFormat={compact}
        height={180}
      />
      <TimeChart
        testid="position-return-chart"
        dates={data.dates}
        series={[{ label: 'Unrealized return on cost', color: '#1a7f37', values: data.onCost }]}
        format={(v) => pct(v)}
        height={140}
      />
    </>
  );
}
