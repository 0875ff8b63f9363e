import { useState } from 'preact/hooks';
import { get, post } from '../api/client.ts';
import { Sparkline } from '../charts/svg.tsx';
import { addYears, money } from '../format.ts';
import { href } from '../route.ts';
import { Empty, Figure, Pct, Show, useLoad } from '../ui.tsx';

interface Row {
  id: string;
  base: string;
  client: string;
  asOf: string | null;
  marketValue: number | null;
  day: number | null;
  dayReason: string | undefined;
  ytd: number | null;
  ytdReason: string | undefined;
  spark: number[];
  blocked: number;
  incompleteDays: number;
  stale: number;
}

/** One portfolio's line: valuation first (it names the as-of date), then the rest of its figures at once. */
async function loadRow(
  p: { portfolio_id: string; base_currency: string; client_id: string },
  signal: AbortSignal,
) {
  const path = { portfolio_id: p.portfolio_id };
  const valuation = await get('/portfolios/{portfolio_id}/valuation', { path }, signal);
  const asOf = valuation.as_of_date;
  const [perf, series, blocked, positions] = await Promise.all([
    asOf
      ? post(
          '/portfolios/{portfolio_id}/performance',
          {
            path,
            body: {
              scope: { as_of_date: asOf },
              periods: [{ type: 'EXPLICIT', name: 'DAY', from: asOf, to: asOf }, { type: 'YTD' }],
            },
          },
          signal,
        )
      : null,
    asOf
      ? get(
          '/portfolios/{portfolio_id}/timeseries',
          { path, query: { start_date: addYears(asOf, -1), end_date: asOf } },
          signal,
        )
      : null,
    get('/lineage/portfolios/{portfolio_id}/keys', { path, query: { status: 'BLOCKED', limit: 1 } }, signal),
    get('/portfolios/{portfolio_id}/positions', { path }, signal),
  ]);
  const day = perf?.summary.DAY;
  const ytd = perf?.summary.YTD;
  return {
    id: p.portfolio_id,
    base: p.base_currency,
    client: p.client_id,
    asOf,
    marketValue: valuation.market_value,
    day: day?.cumulative_return ?? null,
    dayReason: day?.null_reasons.cumulative_return,
    ytd: ytd?.cumulative_return ?? null,
    ytdReason: ytd?.null_reasons.cumulative_return,
    spark: (series?.rows ?? []).flatMap((r) => (r.eod_market_value === null ? [] : [r.eod_market_value])),
    blocked: blocked.total,
    incompleteDays: ytd?.incomplete_days ?? 0,
    stale: positions.positions.filter(
      (x) => x.valuation_status === 'STALE' || x.valuation_status === 'UNVALUED',
    ).length,
  } satisfies Row;
}

type SortKey = 'id' | 'base' | 'marketValue' | 'day' | 'ytd';
const COLUMNS: Array<[SortKey, string]> = [
  ['id', 'Portfolio'],
  ['base', 'Base'],
  ['marketValue', 'Market value'],
  ['day', 'Day'],
  ['ytd', 'YTD (TWR)'],
];

export function PortfoliosPage() {
  const loaded = useLoad(async (signal) => {
    const { portfolios } = await get('/portfolios', {}, signal);
    return Promise.all(portfolios.map((p) => loadRow(p, signal)));
  }, []);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'id', desc: false });

  return (
    <>
      <h1>Portfolios</h1>
      <div class="controls">
        <label>
          Search{' '}
          <input
            type="search"
            value={search}
            placeholder="id, currency or client"
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <Show loaded={loaded} label="Loading portfolios…">
        {(rows) => {
          const needle = search.trim().toLowerCase();
          const shown = rows
            .filter((r) => !needle || `${r.id} ${r.base} ${r.client}`.toLowerCase().includes(needle))
            .sort((a, b) => {
              const x = a[sort.key];
              const y = b[sort.key];
              const c = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
              return sort.desc ? -c : c;
            });
          if (rows.length === 0) return <Empty>No portfolios yet: ingest some, or run `pas demo`.</Empty>;
          return (
            <div class="table-wrap">
              <table data-testid="portfolios">
                <thead>
                  <tr>
                    {COLUMNS.map(([key, label]) => (
                      <th
                        key={key}
                        aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                        class={key === 'id' || key === 'base' ? '' : 'r'}
                      >
                        <button
                          type="button"
                          class="sort"
                          onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })}
                        >
                          {label}
                        </button>
                      </th>
                    ))}
                    <th>Last year</th>
                    <th>Status</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id} data-portfolio={r.id}>
                      <td>
                        <a href={href('overview', r.id)}>{r.id}</a>
                      </td>
                      <td>{r.base}</td>
                      <td class="r">
                        <Figure
                          testid="market-value"
                          value={r.marketValue}
                          text={money(r.marketValue, r.base)}
                        />
                      </td>
                      <td class="r">
                        <Pct value={r.day} reason={r.dayReason} />
                      </td>
                      <td class="r">
                        <Pct testid="ytd" value={r.ytd} reason={r.ytdReason} />
                      </td>
                      <td>
                        <Sparkline values={r.spark} label={`${r.id} market value over the last year`} />
                      </td>
                      <td class="badges">
                        {r.blocked > 0 && (
                          <a class="badge bad" href={href('health', r.id)} title="position keys blocked">
                            {r.blocked} blocked
                          </a>
                        )}
                        {r.incompleteDays > 0 && (
                          <a
                            class="badge warn"
                            href={href('health', r.id)}
                            title="days this year without a complete valuation"
                          >
                            {r.incompleteDays} incomplete days
                          </a>
                        )}
                        {r.stale > 0 && (
                          <a
                            class="badge warn"
                            href={href('health', r.id)}
                            title="positions valued on an old price or not valued"
                          >
                            {r.stale} stale/unvalued
                          </a>
                        )}
                        {r.blocked + r.incompleteDays + r.stale === 0 && <span class="badge ok">OK</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {shown.length === 0 && <Empty>No portfolio matches “{search}”.</Empty>}
              <p class="note">
                Values in each portfolio's base currency as of its latest business date; returns are
                time-weighted, net.
              </p>
            </div>
          );
        }}
      </Show>
    </>
  );
}
