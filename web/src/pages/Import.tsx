import { useRef, useState } from 'preact/hooks';
import { ApiError, get, type Response, upload } from '../api/client.ts';
import { ErrorBox, Table } from '../ui.tsx';

const ENTITIES = [
  'transactions',
  'portfolios',
  'instruments',
  'market_prices',
  'fx_rates',
  'business_dates',
  'benchmarks',
  'benchmark_levels',
  'benchmark_returns',
  'benchmark_compositions',
];

type Preview = Response<'/ingest/uploads/preview', 'post'>;
type Job = Response<'/ingestion/jobs/{job_id}'>;

type Step =
  | { at: 'choose' }
  | { at: 'previewing' }
  | { at: 'preview'; preview: Preview }
  | { at: 'committing'; preview: Preview }
  | { at: 'job'; job: Job }
  | { at: 'error'; error: Error };

/** CSV upload: preview (per-row errors, ignored columns, sample) → commit → the job until it is complete. */
export function ImportPage() {
  const [entity, setEntity] = useState('transactions');
  const [allowPartial, setAllowPartial] = useState(false);
  const [step, setStep] = useState<Step>({ at: 'choose' });
  const fileInput = useRef<HTMLInputElement>(null);

  const form = (extra: Record<string, string>) => {
    const file = fileInput.current?.files?.[0];
    if (!file) throw new Error('choose a CSV file first');
    const data = new FormData();
    data.set('entity_type', entity);
    for (const [k, v] of Object.entries(extra)) data.set(k, v);
    data.set('file', file);
    return data;
  };

  const preview = async () => {
    setStep({ at: 'previewing' });
    try {
      setStep({
        at: 'preview',
        preview: await upload('/ingest/uploads/preview', form({ sample_size: '10' })),
      });
    } catch (error) {
      setStep({ at: 'error', error: error as Error });
    }
  };

  const commit = async (shown: Preview) => {
    setStep({ at: 'committing', preview: shown });
    try {
      const receipt = await upload('/ingest/uploads/commit', form({ allow_partial: String(allowPartial) }));
      let job = await get('/ingestion/jobs/{job_id}', { path: { job_id: receipt.job_id } });
      setStep({ at: 'job', job });
      // Long-poll: each request is held until the job completes or 5 s pass, then shows where it stands.
      while (job.status === 'accepted') {
        job = await get('/ingestion/jobs/{job_id}', { path: { job_id: receipt.job_id }, query: { wait: 5 } });
        setStep({ at: 'job', job });
      }
    } catch (error) {
      setStep({ at: 'error', error: error as Error });
    }
  };

  return (
    <>
      <h1>Import a CSV file</h1>
      <form
        class="controls"
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <label>
          Entity{' '}
          <select
            name="entity_type"
            value={entity}
            onChange={(e) => setEntity((e.target as HTMLSelectElement).value)}
          >
            {ENTITIES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          File{' '}
          <input
            ref={fileInput}
            type="file"
            name="file"
            accept=".csv,text/csv"
            onChange={() => setStep({ at: 'choose' })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={allowPartial}
            onChange={(e) => setAllowPartial((e.target as HTMLInputElement).checked)}
          />{' '}
          commit valid rows even if some are invalid
        </label>
        <button type="submit">Preview</button>
      </form>
      {step.at === 'previewing' && <p class="loading">Validating…</p>}
      {step.at === 'error' && <ErrorBox error={step.error} />}
      {(step.at === 'preview' || step.at === 'committing') && (
        <PreviewView
          preview={step.preview}
          busy={step.at === 'committing'}
          allowPartial={allowPartial}
          onCommit={() => commit(step.preview)}
        />
      )}
      {step.at === 'job' && <JobView job={step.job} />}
    </>
  );
}

function PreviewView({
  preview,
  busy,
  allowPartial,
  onCommit,
}: {
  preview: Preview;
  busy: boolean;
  allowPartial: boolean;
  onCommit: () => void;
}) {
  const errors = preview.errors ?? [];
  const sample = preview.sample_rows ?? [];
  const columns = [...new Set(sample.flatMap((r) => Object.keys(r)))];
  const committable = (preview.valid_rows ?? 0) > 0 && ((preview.invalid_rows ?? 0) === 0 || allowPartial);
  return (
    <section class="card" aria-label="Preview" data-testid="preview">
      <h2>Preview</h2>
      <p data-testid="preview-counts">
        {preview.total_rows} rows: {preview.valid_rows} valid, {preview.invalid_rows} invalid.
        {(preview.ignored_columns ?? []).length > 0 && (
          <> Ignored columns: {preview.ignored_columns!.join(', ')}.</>
        )}
      </p>
      {errors.length > 0 && (
        <Table testid="row-errors" compact head={[['Row', 'r'], 'Field', 'Problem']}>
          {errors.map((e) => (
            <tr key={`${e.row_number}-${e.field}-${e.message}`}>
              <td class="r">{e.row_number}</td>
              <td>{e.field}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </Table>
      )}
      {sample.length > 0 && (
        <div class="table-wrap">
          <table class="compact" data-testid="sample-rows">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sample.map((row, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{row[c] === undefined || row[c] === null ? '' : String(row[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" disabled={!committable || busy} onClick={onCommit}>
        {busy ? 'Committing…' : 'Commit'}
      </button>
      {!committable && <p class="note">Fix the invalid rows (or allow a partial commit) to commit.</p>}
    </section>
  );
}

function JobView({ job }: { job: Job }) {
  const done = job.status !== 'accepted';
  return (
    <section class="card" aria-label="Job" data-testid="job">
      <h2>Job {job.job_id}</h2>
      <p>
        Status:{' '}
        <span
          data-testid="job-status"
          class={`badge ${job.status === 'complete' ? 'ok' : done ? 'bad' : ''}`}
        >
          {job.status}
        </span>{' '}
        {job.accepted_count} records{done ? `, completed ${job.completed_at ?? ''}` : ', processing…'}
      </p>
      <ul class="stages">
        {job.stages.map((s) => (
          <li key={s.stage}>
            {s.stage}: {s.pending === 0 ? 'done' : `${s.pending} pending`}
          </li>
        ))}
      </ul>
      {job.failure_reason && <ErrorBox error={new ApiError(500, job.failure_reason)} />}
      {job.problems.map((p) => (
        <p key={`${p.portfolio_id}-${p.security_id}`} class="warn-text">
          {p.reason} {p.portfolio_id} {p.security_id}
        </p>
      ))}
    </section>
  );
}
