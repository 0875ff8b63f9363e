import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';

/**
 * The web dashboard (web/, built by `npm run build:web`, which `prepare` runs on install) served at `/` and
 * `/assets/*`. Its own addresses are hash routes (`/#/p/ID`), so no API path is shadowed and nothing needs a
 * fallback. Files are read once at start-up (about 120 kB); a build that is missing answers 503 saying how to
 * make it, rather than an empty page.
 */

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface Asset {
  body: Buffer;
  type: string;
}

function readBuild(dir: string): { index: Buffer | null; assets: Map<string, Asset> } {
  const assets = new Map<string, Asset>();
  const assetDir = path.join(dir, 'assets');
  if (fs.existsSync(assetDir)) {
    for (const name of fs.readdirSync(assetDir)) {
      const type = TYPES[path.extname(name)];
      if (type) assets.set(name, { body: fs.readFileSync(path.join(assetDir, name)), type });
    }
  }
  const indexFile = path.join(dir, 'index.html');
  return { index: fs.existsSync(indexFile) ? fs.readFileSync(indexFile) : null, assets };
}

export function registerDashboardRoutes(app: FastifyInstance, dir = DIST) {
  const build = readBuild(dir);

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    if (!build.index) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        `the dashboard is not built (no ${path.join(dir, 'index.html')}): run npm run build:web`,
      );
    }
    // The page names its hashed assets, so it must be fetched again after a new build; they can be cached.
    return reply.type(TYPES['.html']!).header('cache-control', 'no-cache').send(build.index);
  });

  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const asset = build.assets.get(request.params.file);
      if (!asset) throw new AppError('NOT_FOUND', `no dashboard asset ${request.params.file}`);
      return reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(asset.body);
    },
  );
}
