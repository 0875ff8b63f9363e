import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (#/p/DEMO_001_USD/holdings?sec=X): the API owns every real path (/portfolios/… is JSON), so the
 * dashboard's own addresses live in the fragment and never collide with an API route.
 */
export interface Route {
  page: 'portfolios' | 'overview' | 'holdings' | 'transactions' | 'health' | 'import';
  portfolioId?: string;
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(queryPart);
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'import') return { page: 'import', query };
  if (parts[0] === 'p' && parts[1]) {
    const sub = parts[2];
    const page = sub === 'holdings' || sub === 'transactions' || sub === 'health' ? sub : 'overview';
    return { page, portfolioId: parts[1], query };
  }
  return { page: 'portfolios', query };
}

export function href(page: Route['page'], portfolioId?: string, query?: Record<string, string | undefined>) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) qs.set(k, v);
  const tail = qs.toString() ? `?${qs}` : '';
  if (page === 'portfolios') return `#/${tail}`;
  if (page === 'import') return `#/import${tail}`;
  const base = `#/p/${encodeURIComponent(portfolioId ?? '')}`;
  return `${page === 'overview' ? base : `${base}/${page}`}${tail}`;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}

/** Replaces some query parameters of the current route (the date range lives in the address). */
export function setQuery(changes: Record<string, string | undefined>) {
  const [pathPart = '', queryPart = ''] = location.hash.replace(/^#/, '').split('?');
  const qs = new URLSearchParams(queryPart);
  for (const [k, v] of Object.entries(changes)) {
    if (v) qs.set(k, v);
    else qs.delete(k);
  }
  location.hash = `${pathPart}${qs.toString() ? `?${qs}` : ''}`;
}
