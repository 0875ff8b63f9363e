import type { Scope } from '../../app/api-keys.ts';
import type { Config } from '../../app/config.ts';

/** What a route needs: nothing ('open') or a key with one scope. */
export type Access = 'open' | Scope;

// /data-quality's examples name any portfolio's rows; /admin/backup holds everything.
const ADMIN_PREFIXES = [
  '/audit',
  '/quarantine',
  '/reprocess/',
  '/keys',
  '/metrics',
  '/data-quality',
  '/admin/',
];

/**
 * The scope each route needs, by its URL pattern, so a route added later is covered without declaring
 * anything: reads (GET) need `read`, ingest and uploads `ingest`, operations (quarantine, reprocessing, the
 * audit, keys, metrics) `admin`. A POST that only computes (analytics) is a read. Any other write needs
 * `admin`: a new write route is closed until someone decides otherwise.
 */
export function accessOf(method: string, url: string, config: Pick<Config, 'authPublic'>): Access {
  if (url === '/health/live' || url === '/health/ready') return 'open';
  // The dashboard's page and scripts hold no data (they read the API, with the key the user types in), and
  // the page must load to ask for a key at all.
  if ((method === 'GET' || method === 'HEAD') && (url === '/' || url.startsWith('/assets/'))) return 'open';
  if (url === '/docs' || url.startsWith('/docs/') || url === '/openapi.json')
    return config.authPublic.includes('docs') ? 'open' : 'read';
  if (url === '/metrics') return config.authPublic.includes('metrics') ? 'open' : 'admin';
  if (ADMIN_PREFIXES.some((prefix) => url === prefix || url.startsWith(prefix))) return 'admin';
  if (url.startsWith('/ingest/')) return 'ingest';
  // Seed 004's create: one portfolio through the ingest service, like POST /ingest/portfolios.
  if (method === 'POST' && url === '/portfolios') return 'ingest';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (isAnalyticsRoute(method, url)) return 'read';
  return 'admin';
}

/** A POST that computes analytics and writes nothing: stateless /analytics/* and per portfolio. */
export const isAnalyticsRoute = (method: string, url: string): boolean =>
  method === 'POST' && (url.startsWith('/analytics/') || url.startsWith('/portfolios/:portfolio_id/'));
