import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDashboardRoutes } from '../../src/api/dashboard.routes.ts';
import { errorHandler } from '../../src/api/errors.ts';

/** The dashboard's static routes on a build directory made here (the browser suite covers the real build). */
describe('dashboard routes', () => {
  const dirs: string[] = [];
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function appOn(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-dashboard-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    registerDashboardRoutes(app, dir);
    apps.push(app);
    return app;
  }

  it('serves index.html at / (not cached) and hashed assets (cached) with their types', async () => {
    const app = await appOn({
      'index.html': '<!doctype html><script src="/assets/a-1.js"></script>',
      'assets/a-1.js': 'console.log(1)',
      'assets/a-1.css': 'body{}',
      'assets/notes.txt': 'not served',
    });
    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('/assets/a-1.js');
    const js = await app.inject('/assets/a-1.js');
    expect([js.statusCode, js.headers['content-type'], js.body]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log(1)',
    ]);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/assets/a-1.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const other = await app.inject('/assets/notes.txt');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.inject('/assets/..%2Findex.html')).statusCode).toBe(404);
  });

  it('answers 503 naming the build command when the dashboard is not built', async () => {
    const app = await appOn({});
    const res = await app.inject('/');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('npm run build:web');
  });
});
