import type { ComponentChildren } from 'preact';
import { get, type Response } from '../api/client.ts';
import { money, quantity } from '../format.ts';
import { href } from '../route.ts';
import { Card, Empty, Figure, Show, Table, useLoad } from '../ui.tsx';

type BlockedKey = Response<'/lineage/portfolios/{portfolio_id}/keys'>['items'][number];

/** What fact would let a blocked key go on (it resumes by itself once that fact is ingested). */
function fixFor(key: BlockedKey, portfolioId: string): string {
  switch (key.blocked_reason) {
    case 'MISSING_PORTFOLIO':
      return `Ingest portfolio ${portfolioId}.`;
    case 'MISSING_INSTRUMENT':
      return `Ingest instrument ${key.security_id}.`;
    case 'MISSING_FX':
      return 'Ingest the FX rate named in the detail (for the transaction date).';
    case 'OVERSOLD':
      return `Ingest the missing purchase, or correct the sale ${key.blocked_transaction_id ?? ''}.`;
    case 'INVALID_TRANSACTION':
      return `Correct transaction ${key.blocked_transaction_id ?? ''} (send it again with the fix).`;
    case 'PROCESSING_ERROR':
      return 'See the quarantined record below; retry it once the cause is fixed.';
    default:
      return '—';
  }
}

/** Consecutive incomplete days with the same reason, as ranges. */
function incompleteRanges(rows: Response<'/portfolios/{portfolio_id}/timeseries'>['rows']) {
  const out: Array<{ reason: string; first: string; last: string; days: number }> = [];
  for (const r of rows) {
    if (r.complete) continue;
    const reason = r.incomplete_reason ?? 'unknown';
    const prev = out[out.length - 1];
    if (prev && prev.reason === reason) {
      prev.last = r.date;
      prev.days += 1;
    } else out.push({ reason, first: r.date, last: r.date, days: 1 });
  }
  return out;
}

export function HealthPage({ id }: { id: string }) {
  const path = { portfolio_id: id };
  const loaded = useLoad(
    async (signal) => {
      const [blocked, quarantine, overdrafts, positions, series, jobs] = await Promise.all([
        get(
          '/lineage/portfolios/{portfolio_id}/keys',
          { path, query: { status: 'BLOCKED', limit: 500 } },
          signal,
        ),
        get('/quarantine', { query: { portfolio_id: id, status: 'QUARANTINED', limit: 200 } }, signal),
        get('/overdrafts', { query: { portfolio_id: id } }, signal),
        get('/portfolios/{portfolio_id}/positions', { path }, signal),
        get('/portfolios/{portfolio_id}/timeseries', { path }, signal),
        get('/ingestion/jobs', { query: { limit: 20 } }, signal),
      ]);
      return {
        blocked,
        quarantine,
        overdrafts: overdrafts.overdrafts,
        positions,
        incomplete: incompleteRanges(series.rows),
        jobs,
      };
    },
    [id],
  );
  const holding = (sec: string | null) =>
    sec ? <a href={href('holdings', id, { sec })}>{sec}</a> : <span class="muted">—</span>;
  return (
    <>
      <h1>Data health</h1>
      <Show loaded={loaded} label="Checking data health…">
        {(d) => {
          const unvalued = d.positions.positions.filter((p) => p.valuation_status !== 'CURRENT');
          return (
            <div class="grid">
              <Card title={`Blocked position keys (${d.blocked.total})`} id="blocked" wide>
                {d.blocked.items.length === 0 ? (
                  <Empty>No blocked key: every position is up to date.</Empty>
                ) : (
                  <Table
                    testid="blocked-keys"
                    head={['Security', 'Reason', 'Detail', 'Transaction', 'What fixes it']}
                  >
                    {d.blocked.items.map((k) => (
                      <tr key={k.security_id} data-security={k.security_id}>
                        <td>{holding(k.security_id)}</td>
                        <td>
                          <span class="badge bad">{k.blocked_reason}</span>
                        </td>
                        <td class="wrap">{k.blocked_detail ?? '—'}</td>
                        <td class="small">{k.blocked_transaction_id ?? '—'}</td>
                        <td class="wrap">{fixFor(k, id)}</td>
                      </tr>
                    ))}
                  </Table>
                )}
              </Card>
              <Card title={`Quarantined records (${d.quarantine.total})`} id="quarantine" wide>
                {d.quarantine.items.length === 0 ? (
                  <Empty>Nothing in quarantine.</Empty>
                ) : (
                  <div class="table-wrap">
                    <table data-testid="quarantine">
                      <thead>
                        <tr>
                          <th>Stage</th>
                          <th>Subject</th>
                          <th>Security</th>
                          <th>Error</th>
                          <th>Attempts</th>
                          <th>Last failed</th>
                        </tr>
                      </thead>
                      <tbody>
                        {d.quarantine.items.map((q) => (
                          <tr key={q.id}>
                            <td>{q.stage}</td>
                            <td class="small">{q.subject}</td>
                            <td>{holding(q.security_id)}</td>
                            <td class="wrap">{q.error}</td>
                            <td class="r">{q.attempts}</td>
                            <td>{q.last_failed_at}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <p class="note">
                      Fix the cause, then retry the record: POST /quarantine/&#123;id&#125;/retry.
                    </p>
                  </div>
                )}
              </Card>
              <Card title={`Overdrawn cash accounts (${d.overdrafts.length})`} id="overdrafts" wide>
                <OverdraftsTable overdrafts={d.overdrafts} holding={holding} />
              </Card>
              <Card title={`Stale prices and missing FX (${unvalued.length})`} id="stale">
                {unvalued.length === 0 ? (
                  <Empty>
                    Every position is valued on a current price as of {d.positions.as_of_date ?? '—'}.
                  </Empty>
                ) : (
                  <Table testid="stale" head={['Security', 'Status', 'Reason', 'Price date', 'FX date']}>
                    {unvalued.map((p) => (
                      <tr key={p.security_id}>
                        <td>{holding(p.security_id)}</td>
                        <td>
                          <span class="badge warn">{p.valuation_status ?? 'NONE'}</span>
                        </td>
                        <td>{p.incomplete_reason ?? '—'}</td>
                        <td>
                          {p.price_date ?? '—'}
                          {p.price_age_days ? ` (${p.price_age_days} d old)` : ''}
                        </td>
                        <td>
                          {p.fx_rate_date ?? '—'}
                          {p.fx_rate_age_days ? ` (${p.fx_rate_age_days} d old)` : ''}
                        </td>
                      </tr>
                    ))}
                  </Table>
                )}
              </Card>
              <Card
                title={`Incomplete days (${d.incomplete.reduce((n, r) => n + r.days, 0)})`}
                id="incomplete"
              >
                {d.incomplete.length === 0 ? (
                  <Empty>Every day of the series is completely valued.</Empty>
                ) : (
                  <Table testid="incomplete-days" head={['From', 'To', ['Days', 'r'], 'Reason']}>
                    {d.incomplete.map((r) => (
                      <tr key={`${r.first}-${r.reason}`}>
                        <td>{r.first}</td>
                        <td>{r.last}</td>
                        <td class="r">{r.days}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </Table>
                )}
              </Card>
              <Card title="Recent jobs (all portfolios)" id="jobs" wide>
                <JobsTable jobs={d.jobs.jobs} id={id} />
              </Card>
            </div>
          );
        }}
      </Show>
    </>
  );
}

type Overdraft = Response<'/overdrafts'>['overdrafts'][number];

/**
 * Cash below zero does not block its key (an overdraft lot books the shortfall), but it usually means a
 * deposit or a trade's cash leg was never sent: that missing fact is what fixes it.
 */
function OverdraftsTable({
  overdrafts,
  holding,
}: {
  overdrafts: Overdraft[];
  holding: (sec: string | null) => ComponentChildren;
}) {
  if (overdrafts.length === 0) return <Empty>No cash account is below zero.</Empty>;
  return (
    <Table
      testid="overdrafts"
      head={['Cash account', ['Balance', 'r'], 'Overdrawn since', 'Last booking', 'What fixes it']}
    >
      {overdrafts.map((o) => (
        <tr key={o.security_id} data-security={o.security_id}>
          <td>{holding(o.security_id)}</td>
          <td class="r">
            <Figure
              testid="overdraft-balance"
              value={o.quantity}
              text={o.currency ? money(o.quantity, o.currency) : quantity(o.quantity)}
              class="neg"
            />
          </td>
          <td>{o.overdrawn_since}</td>
          <td>{o.position_date}</td>
          <td class="wrap">
            Ingest the missing deposit (or the sale's cash leg) into {o.security_id} on or before{' '}
            {o.overdrawn_since}; the next cash in repays the overdraft first.
          </td>
        </tr>
      ))}
    </Table>
  );
}

function JobsTable({ jobs, id }: { jobs: Response<'/ingestion/jobs'>['jobs']; id: string }) {
  if (jobs.length === 0) return <Empty>No job yet.</Empty>;
  return (
    <Table testid="jobs" head={['Submitted', 'Endpoint', ['Records', 'r'], 'Status', 'Problems']}>
      {jobs.map((j) => (
        <tr key={j.job_id}>
          <td class="small">{j.submitted_at}</td>
          <td>{j.endpoint}</td>
          <td class="r">{j.accepted_count}</td>
          <td>
            <span
              class={`badge ${j.status === 'complete' ? 'ok' : j.status === 'accepted' ? '' : 'bad'}`}
              title={j.failure_reason ?? undefined}
            >
              {j.status}
            </span>
          </td>
          <td>
            {j.problems.length === 0
              ? '—'
              : j.problems.map((p) => (
                  <div key={`${p.portfolio_id}-${p.security_id}-${p.reason}`}>
                    {p.reason}{' '}
                    {p.portfolio_id === id && p.security_id ? (
                      <a href={href('holdings', id, { sec: p.security_id })}>{p.security_id}</a>
                    ) : (
                      `${p.portfolio_id ?? ''} ${p.security_id ?? ''}`
                    )}
                  </div>
                ))}
          </td>
        </tr>
      ))}
    </Table>
  );
}
