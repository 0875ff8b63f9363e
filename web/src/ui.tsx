import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, apiKey } from './api/client.ts';
import { pct, signClass } from './format.ts';

/** The state of one asynchronous load: every page shows loading, error and empty states from it. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: Error } | { state: 'ok'; data: T };

/**
 * Runs `load` whenever a dependency changes; a newer run aborts and supersedes an older one. A result is
 * shown only for the dependencies it was loaded for: in the render where a dependency changes (before the
 * effect starts the new load) the state is already `loading`, so a page never shows one frame of figures
 * for the old range under the new one's controls.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [loaded, setLoaded] = useState<{ deps: unknown[]; value: Loaded<T> }>({ deps, value: LOADING });
  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ deps, value: LOADING });
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setLoaded({ deps, value: { state: 'ok', data } }),
      (error: unknown) =>
        !controller.signal.aborted &&
        setLoaded({
          deps,
          value: { state: 'error', error: error instanceof Error ? error : new Error(String(error)) },
        }),
    );
    return () => controller.abort();
    // The caller names what the load depends on (deps).
  }, deps);
  return sameDeps(loaded.deps, deps) ? loaded.value : LOADING;
}

const LOADING = { state: 'loading' } as const;

/** The hooks' own rule for "a dependency changed": same length, each element Object.is-equal. */
function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export function ErrorBox({ error }: { error: Error }) {
  return (
    <div class="error" role="alert">
      <strong>{error instanceof ApiError ? `Error ${error.status}` : 'Error'}:</strong> {error.message}
      {error instanceof ApiError && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={`${e.index}-${e.field}`}>
              [{e.index}] {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {error instanceof ApiError && error.status === 401 && <KeyForm />}
    </div>
  );
}

/** Asks for an API key (kept for this browser tab) when the server requires one. */
function KeyForm() {
  return (
    <form
      class="controls"
      onSubmit={(e) => {
        e.preventDefault();
        apiKey.set(String(new FormData(e.currentTarget).get('key') ?? '').trim());
        location.reload();
      }}
    >
      <label>
        API key <input type="password" name="key" autocomplete="off" />
      </label>
      <button type="submit">Use key</button>
    </form>
  );
}

/** Renders a load: a spinner line while loading, the error if it failed, else `children(data)`. */
export function Show<T>({
  loaded,
  children,
  label = 'Loading…',
}: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
  label?: string;
}) {
  if (loaded.state === 'loading')
    return (
      <p class="loading" aria-busy="true">
        {label}
      </p>
    );
  if (loaded.state === 'error') return <ErrorBox error={loaded.error} />;
  return <>{children(loaded.data)}</>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Card({
  title,
  children,
  id,
  wide,
}: {
  title: string;
  children: ComponentChildren;
  id?: string;
  /** Spans the whole grid row (wide tables). */
  wide?: boolean;
}) {
  return (
    <section class={wide ? 'card wide' : 'card'} id={id} aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** A figure with its raw value in data-value, so tests compare the page with the API exactly. */
export function Figure({
  testid,
  value,
  text,
  title,
  class: cls,
}: {
  testid?: string;
  value: number | string | null | undefined;
  text: string;
  title?: string | undefined;
  class?: string;
}) {
  return (
    <span
      class={`num ${cls ?? ''}`}
      data-testid={testid}
      data-value={value === null || value === undefined ? '' : String(value)}
      title={title}
    >
      {text}
    </span>
  );
}

/** A header cell: its text, or [text, 'r'] for a right-aligned (numeric) column. */
export type Column = ComponentChildren | [ComponentChildren, 'r'];

/** A table with its header row, in a box that scrolls sideways on a narrow screen. */
export function Table({
  testid,
  head,
  compact,
  children,
}: {
  testid?: string;
  head: Column[];
  compact?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table data-testid={testid} class={compact ? 'compact' : undefined}>
        <thead>
          <tr>
            {head.map((h, i) =>
              Array.isArray(h) && h[1] === 'r' ? (
                <th key={i} class="r">
                  {h[0]}
                </th>
              ) : (
                <th key={i}>{h as ComponentChildren}</th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A return as a signed percentage, coloured by sign; a missing one is a dash with the API's reason. */
export function Pct({
  value,
  reason,
  testid,
}: {
  value: number | null | undefined;
  reason?: string | undefined;
  testid?: string;
}) {
  return <Figure testid={testid} value={value} text={pct(value)} title={reason} class={signClass(value)} />;
}
