import { useMemo } from 'preact/hooks';
import { get, post, type Response } from '../api/client.ts';
import { Bars, type Step, Waterfall } from '../charts/svg.tsx';
import { TimeChart, type TimeSeries } from '../charts/TimeChart.tsx';
import { addDays, addYears, compact, money, pct, ratio, signClass, weight } from '../format.ts';
import { setQuery } from '../route.ts';
import { Card, Empty, Figure, Pct, Show, useLoad } from '../ui.tsx';

const PERIODS = [
  { type: 'MTD', label: 'MTD' },
  { type: 'QTD', label: 'QTD' },
  { type: 'YTD', label: 'YTD' },
  { type: 'ONE_YEAR', label: '1 year' },
  { type: 'THREE_YEAR', label: '3 years' },
  { type: 'SI', label: 'Since inception' },
] as const;
type PeriodType = (typeof PERIODS)[number]['type'];

const DIMENSIONS = ['asset_class', 'currency', 'sector', 'country_of_risk'];
const DIMENSION_LABEL: Record<string, string> = {
  asset_class: 'Asset class',
  currency: 'Currency',
  sector: 'Sector',
  country_of_risk: 'Country of risk',
};

/** The portfolio's open date and latest valued date: the default range and the limits of the picker. */
async function loadBounds(id: string, signal: AbortSignal) {
  const path = { portfolio_id: id };
  const [portfolio, valuation, benchmarks] = await Promise.all([
    get('/portfolios/{portfolio_id}', { path }, signal),
    get('/portfolios/{portfolio_id}/valuation', { path }, signal),
    get('/benchmarks', { query: { limit: 100 } }, signal),
  ]);
  return {
    base: portfolio.base_currency,
    open: portfolio.open_date,
    latest: valuation.as_of_date,
    benchmarks: benchmarks.benchmarks.map((b) => b.benchmark_id),
  };
}

export function OverviewPage({ id, query }: { id: string; query: URLSearchParams }) {
  const bounds = useLoad((signal) => loadBounds(id, signal), [id]);
  return (
    <Show loaded={bounds} label="Loading portfolio…">
      {(b) =>
        b.latest === null ? (
          <Empty>
            {id} has no valued day yet: its daily series is built once prices and business dates arrive.
          </Empty>
        ) : (
          <Overview
            id={id}
            base={b.base}
            open={b.open}
            latest={b.latest}
            benchmarks={b.benchmarks}
            from={query.get('from') ?? b.open}
            to={query.get('to') ?? b.latest}
            benchmark={query.get('bench') ?? ''}
          />
        )
      }
    </Show>
  );
}

function RangePicker({ open, latest, from, to }: { open: string; latest: string; from: string; to: string }) {
  const presets: Array<[string, string]> = [
    ['1M', addDays(to, -30)],
    ['3M', addDays(to, -91)],
    ['YTD', `${to.slice(0, 4)}-01-01`],
    ['1Y', addDays(addYears(to, -1), 1)],
    ['3Y', addDays(addYears(to, -3), 1)],
    ['SI', open],
  ];
  return (
    <fieldset class="range">
      <legend>Date range</legend>
      {presets.map(([label, start]) => (
        <button
          key={label}
          type="button"
          aria-pressed={from === (start < open ? open : start)}
          onClick={() => setQuery({ from: start < open ? open : start, to })}
        >
          {label}
        </button>
      ))}
      {(
        [
          ['from', 'From', from, open, to],
          ['to', 'To', to, from, latest],
        ] as const
      ).map(([name, label, value, min, max]) => (
        <label key={name}>
          {label}{' '}
          <input
            type="date"
            name={name}
            value={value}
            min={min}
            max={max}
            onChange={(e) => setQuery({ [name]: (e.target as HTMLInputElement).value || undefined })}
          />
        </label>
      ))}
    </fieldset>
  );
}

interface Props {
  id: string;
  base: string;
  open: string;
  latest: string;
  benchmarks: string[];
  from: string;
  to: string;
  benchmark: string;
}

function Overview(props: Props) {
  const { id, base, from, to, benchmark } = props;
  const path = { portfolio_id: id };
  const range = { type: 'EXPLICIT' as const, name: 'RANGE', from, to };
  const scope = { as_of_date: to };

  const series = useLoad(
    async (signal) => {
      const [ts, perf, bench] = await Promise.all([
        get(
          '/portfolios/{portfolio_id}/timeseries',
          { path, query: { start_date: from, end_date: to } },
          signal,
        ),
        post(
          '/portfolios/{portfolio_id}/performance',
          // Only the cumulative return per day is drawn: no annualized figure (or its reason) per day.
          {
            path,
            body: {
              scope,
              periods: [{ ...range, breakdown: 'DAILY' }],
              options: { include_annualized: false },
            },
          },
          signal,
        ),
        benchmark
          ? get(
              '/benchmarks/{benchmark_id}/returns',
              { path: { benchmark_id: benchmark }, query: { start_date: from, end_date: to } },
              signal,
            )
          : null,
      ]);
      return { ts, perf, bench };
    },
    [id, from, to, benchmark],
  );
  const returns = useLoad(
    (signal) => {
      const periods = [...PERIODS.map((p) => ({ type: p.type as PeriodType })), range];
      return Promise.all([
        post(
          '/portfolios/{portfolio_id}/performance',
          { path, body: { scope, periods, options: { include_annualized: true } } },
          signal,
        ),
        post('/portfolios/{portfolio_id}/performance/mwr', { path, body: { scope, periods } }, signal),
      ]);
    },
    [id, from, to],
  );
  const pnl = useLoad(
    (signal) =>
      // The waterfall shows the portfolio's totals only: no per-position breakdown to compute or send.
      post(
        '/portfolios/{portfolio_id}/pnl',
        { path, body: { as_of_date: to, periods: [range], include_positions: false } },
        signal,
      ),
    [id, from, to],
  );
  const risk = useLoad(
    (signal) =>
      post(
        '/portfolios/{portfolio_id}/risk',
        {
          path,
          body: {
            scope,
            periods: [range],
            options: {
              ...(benchmark ? { benchmark_id: benchmark } : {}),
              var: { include_expected_shortfall: true },
            },
          },
        },
        signal,
      ),
    [id, from, to, benchmark],
  );
  const allocation = useLoad(
    (signal) =>
      get(
        '/portfolios/{portfolio_id}/allocation',
        { path, query: { as_of_date: to, dimensions: DIMENSIONS.join(',') } },
        signal,
      ),
    [id, to],
  );
  const moneyFmt = useMemo(() => (v: number) => money(v, base), [base]);

  return (
    <>
      <h1>
        {id} <span class="muted">({base})</span>
      </h1>
      <div class="controls">
        <RangePicker open={props.open} latest={props.latest} from={from} to={to} />
        <label>
          Benchmark{' '}
          <select
            value={benchmark}
            onChange={(e) => setQuery({ bench: (e.target as HTMLSelectElement).value || undefined })}
          >
            <option value="">{props.benchmarks.length ? 'none' : 'none ingested'}</option>
            {props.benchmarks.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="grid">
        <Card title={`Value (${base})`} id="value">
          <Show loaded={series}>{(d) => <ValueChart rows={d.ts.rows} format={moneyFmt} base={base} />}</Show>
        </Card>
        <Card title="Cumulative return (TWR) and drawdown" id="twr">
          <Show loaded={series}>
            {(d) => <ReturnCharts perf={d.perf} bench={d.bench} benchmark={benchmark} />}
          </Show>
        </Card>
        <Card title="Period returns" id="returns">
          <Show loaded={returns}>{([twr, mwr]) => <ReturnsTable twr={twr} mwr={mwr} />}</Show>
        </Card>
        <Card title={`Risk, ${from} – ${to}`} id="risk">
          <Show loaded={risk}>{(r) => <RiskCard risk={r} />}</Show>
        </Card>
        <Card title={`P&L, ${from} – ${to} (${base})`} id="pnl">
          <Show loaded={pnl}>{(p) => <PnlWaterfall pnl={p} base={base} />}</Show>
        </Card>
        <Card title={`Allocation as of ${to}`} id="allocation">
          <Show loaded={allocation}>{(a) => <Allocation allocation={a} base={base} />}</Show>
        </Card>
      </div>
    </>
  );
}

type Timeseries = Response<'/portfolios/{portfolio_id}/timeseries'>;

function ValueChart({
  rows,
  format,
  base,
}: {
  rows: Timeseries['rows'];
  format: (v: number) => string;
  base: string;
}) {
  const data = useMemo(() => {
    const dates = rows.map((r) => r.date);
    const value: TimeSeries = {
      label: `Market value (${base})`,
      color: '#2a5db0',
      fill: 'rgba(42,93,176,0.08)',
      values: rows.map((r) => r.eod_market_value),
    };
    const flows: TimeSeries = {
      label: `External flow (${base})`,
      color: '#c77700',
      points: true,
      values: rows.map((r) =>
        r.bod_cashflow + r.eod_cashflow === 0 ? null : r.bod_cashflow + r.eod_cashflow,
      ),
    };
    return { dates, series: [value, flows], last: rows[rows.length - 1] };
  }, [rows, base]);
  if (rows.length === 0) return <Empty>No valued day in this range.</Empty>;
  return (
    <>
      <p class="headline">
        <Figure
          testid="overview-market-value"
          value={data.last?.eod_market_value}
          text={money(data.last?.eod_market_value, base)}
        />
        <span class="muted"> on {data.last?.date}</span>
      </p>
      <TimeChart
        testid="value-chart"
        dates={data.dates}
        series={data.series}
        format={format}
        axisFormat={compact}
      />
    </>
  );
}

type Performance = Response<'/portfolios/{portfolio_id}/performance', 'post'>;

function ReturnCharts({
  perf,
  bench,
  benchmark,
}: {
  perf: Performance;
  bench: Response<'/benchmarks/{benchmark_id}/returns'> | null;
  benchmark: string;
}) {
  const data = useMemo(() => {
    const days = perf.breakdowns?.RANGE?.results ?? [];
    const dates = days.map((d) => d.end_date);
    const cumulative = days.map((d) => d.period_to_date_return);
    // Drawdown of the wealth index 1 + R: how far below its running peak the portfolio stands each day.
    let peak = 1;
    const drawdown = cumulative.map((r) => {
      if (r === null) return null;
      peak = Math.max(peak, 1 + r);
      return (1 + r) / peak - 1;
    });
    const series: TimeSeries[] = [{ label: 'Portfolio TWR', color: '#2a5db0', values: cumulative }];
    if (bench) {
      // The benchmark's daily returns linked from the range's start, on the portfolio's dates.
      const byDate = new Map(bench.returns.map((r) => [r.date, r.value]));
      let wealth = 1;
      series.push({
        label: `Benchmark ${benchmark}`,
        color: '#7a3db0',
        values: dates.map((d) => {
          const r = byDate.get(d);
          if (r === undefined) return null;
          wealth *= 1 + r;
          return wealth - 1;
        }),
      });
    }
    return { dates, series, drawdown };
  }, [perf, bench, benchmark]);
  if (data.dates.length === 0) return <Empty>No return in this range.</Empty>;
  return (
    <>
      <TimeChart
        testid="twr-chart"
        dates={data.dates}
        series={data.series}
        format={(v) => pct(v)}
        height={200}
      />
      <TimeChart
        testid="drawdown-chart"
        dates={data.dates}
        series={[
          { label: 'Drawdown', color: '#c0392b', fill: 'rgba(192,57,43,0.15)', values: data.drawdown },
        ]}
        format={(v) => pct(v)}
        height={140}
      />
    </>
  );
}

function ReturnsTable({
  twr,
  mwr,
}: {
  twr: Performance;
  mwr: Response<'/portfolios/{portfolio_id}/performance/mwr', 'post'>;
}) {
  const rows = [...PERIODS.map((p) => [p.type, p.label] as const), ['RANGE', 'Selected range'] as const];
  return (
    <div class="table-wrap">
      <table data-testid="returns-table">
        <thead>
          <tr>
            <th>Period</th>
            <th>Dates</th>
            <th class="r">TWR</th>
            <th class="r">TWR p.a.</th>
            <th class="r">MWR (XIRR)</th>
            <th class="r">MWR p.a.</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, label]) => {
            const t = twr.summary[name];
            const m = mwr.summary[name];
            if (!t) return null;
            return (
              <tr key={name} data-period={name}>
                <th scope="row">{label}</th>
                <td class="dates">
                  {t.start_date} – {t.end_date}
                </td>
                <td class="r">
                  <Pct
                    testid={`twr-${name}`}
                    value={t.cumulative_return}
                    reason={t.null_reasons.cumulative_return}
                  />
                </td>
                <td class="r">
                  <Pct value={t.annualized_return} reason={t.null_reasons.annualized_return} />
                </td>
                <td class="r">
                  <Pct value={m?.mwr} reason={m?.null_reasons.mwr} />
                </td>
                <td class="r">
                  <Pct value={m?.mwr_annualized} reason={m?.null_reasons.mwr_annualized} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="note">
        Cumulative over each period; “p.a.” only where the period is longer than one year (hover a dash for
        why).
      </p>
    </div>
  );
}

type Risk = Response<'/portfolios/{portfolio_id}/risk', 'post'>;

function RiskCard({ risk }: { risk: Risk }) {
  const r = risk.results.RANGE;
  if (!r) return <Empty>No risk figures for this range.</Empty>;
  const m = r.metrics;
  const conventions = Object.entries(risk.conventions.metrics ?? {})
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join('\n');
  const why = (k: string) => r.null_reasons[k] ?? conventions;
  const dd = m.DRAWDOWN;
  const varDetails = m.VAR?.details as
    | { confidence?: number; horizon_days?: number; expected_shortfall?: number | null; method?: string }
    | undefined;
  const rows: Array<[string, string, number | null | undefined, string, string]> = [
    [
      'volatility',
      'Volatility (annualized)',
      m.VOLATILITY?.value,
      pct(m.VOLATILITY?.value),
      why('VOLATILITY'),
    ],
    ['sharpe', 'Sharpe ratio', m.SHARPE?.value, ratio(m.SHARPE?.value), why('SHARPE')],
    ['sortino', 'Sortino ratio', m.SORTINO?.value, ratio(m.SORTINO?.value), why('SORTINO')],
    ['max-drawdown', 'Max drawdown', dd?.value, pct(dd?.value), why('DRAWDOWN')],
    [
      'var',
      `VaR ${varDetails?.confidence ? `${varDetails.confidence * 100} %` : ''}, ${varDetails?.horizon_days ?? 1} day (${varDetails?.method ?? ''})`,
      m.VAR?.value,
      pct(m.VAR?.value),
      why('VAR'),
    ],
    [
      'es',
      'Expected shortfall',
      varDetails?.expected_shortfall,
      pct(varDetails?.expected_shortfall),
      why('VAR'),
    ],
    ['beta', 'Beta', m.BETA?.value, ratio(m.BETA?.value), why('BETA')],
    [
      'tracking-error',
      'Tracking error',
      m.TRACKING_ERROR?.value,
      pct(m.TRACKING_ERROR?.value),
      why('TRACKING_ERROR'),
    ],
  ];
  const ddDetails = dd?.details as
    | { peak_date?: string | null; trough_date?: string | null; recovery_date?: string | null }
    | undefined;
  return (
    <>
      <dl class="figures">
        {rows.map(([key, label, value, text, title]) => (
          <div key={key} title={title}>
            <dt>{label}</dt>
            <dd>
              <Figure testid={`risk-${key}`} value={value} text={text} title={title} />
            </dd>
          </div>
        ))}
      </dl>
      {ddDetails?.peak_date && (
        <p class="note">
          Max drawdown: peak {ddDetails.peak_date}, trough {ddDetails.trough_date ?? '—'}, recovered{' '}
          {ddDetails.recovery_date ?? 'not yet'}.
        </p>
      )}
      <p class="note">
        {r.observations} daily returns. Hover a figure for the conventions used
        {r.null_reasons.BETA ? ' or why it is missing' : ''}.
      </p>
    </>
  );
}

type Pnl = Response<'/portfolios/{portfolio_id}/pnl', 'post'>;

function PnlWaterfall({ pnl, base }: { pnl: Pnl; base: string }) {
  const p = pnl.periods[0];
  if (!p) return <Empty>No P&L for this range.</Empty>;
  const n = (v: string | number | null) => (v === null ? 0 : Number(v));
  const steps: Step[] = [
    { label: 'Start', value: n(p.start_value), total: true },
    { label: 'Flows', value: n(p.net_flows) },
    { label: 'Realized', value: n(p.realized_gain_loss) },
    { label: 'Unrealized Δ', value: n(p.unrealized_gain_loss_change) },
    { label: 'Income', value: n(p.income) },
    { label: 'Fees', value: -n(p.fees) },
    { label: 'Taxes', value: -n(p.taxes) },
    { label: 'Other', value: n(p.other_gain_loss) + n(p.internal_flow_imbalance) + n(p.residual) },
    { label: 'End', value: n(p.end_value), total: true },
  ];
  return (
    <>
      <Waterfall steps={steps} format={compact} />
      <div class="table-wrap">
        <table class="compact" data-testid="pnl-table">
          <tbody>
            {steps.map((s) => (
              <tr key={s.label}>
                <th scope="row">{s.label}</th>
                <td class="r">
                  <Figure
                    value={s.value}
                    text={money(s.value, base)}
                    class={s.total ? '' : signClass(s.value)}
                  />
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">of which currency effect</th>
              <td class="r">
                <Figure
                  value={p.currency_effect}
                  text={money(p.currency_effect, base)}
                  class={signClass(p.currency_effect)}
                />
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <p class="note">
        Other = other gains, internal flow imbalance and residual. {pnl.conventions.identity}
      </p>
    </>
  );
}

function Allocation({
  allocation,
  base,
}: {
  allocation: Response<'/portfolios/{portfolio_id}/allocation'>;
  base: string;
}) {
  if (allocation.dimensions.length === 0) return <Empty>Nothing held on this date.</Empty>;
  return (
    <div class="alloc">
      {allocation.dimensions.map((d) => (
        <div key={d.dimension}>
          <h3>{DIMENSION_LABEL[d.dimension] ?? d.dimension}</h3>
          <Bars groups={d.groups} format={(g) => `${weight(g.weight)} · ${money(g.market_value, base)}`} />
        </div>
      ))}
      {allocation.unvalued.count > 0 && (
        <p class="note">Not valued, left out: {allocation.unvalued.security_ids.join(', ')}</p>
      )}
    </div>
  );
}
