import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * A real browser for the dashboard suites: Debian's Chromium driven by playwright-core, headless. Missing
 * Chromium is a failure, not a skip (`.ci/run` installs it; locally: apt-get install -y chromium).
 */
export const CHROMIUM = process.env.PAS_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set PAS_CHROMIUM)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** What went wrong on a page: console errors, uncaught exceptions, failed requests and 4xx/5xx answers. */
export interface PageProblems {
  list: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; problems: PageProblems; ms: number }> {
  const page = await browser.newPage({ viewport });
  const problems: PageProblems = { list: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.list.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.list.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.list.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.list.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const started = performance.now();
  await page.goto(url);
  await settled(page);
  return { page, problems, ms: performance.now() - started };
}

/**
 * Waits until `expression` (evaluated in the page) is true. Polled with page.evaluate, not waitForFunction:
 * the server's Content-Security-Policy (script-src 'self') forbids the eval that waitForFunction's in-page
 * polling needs. A string, not a function: this project's TypeScript has no DOM types.
 */
export async function until(page: Page, expression: string, timeout = 60_000) {
  const deadline = performance.now() + timeout;
  while (!(await page.evaluate<boolean>(`!!(${expression})`))) {
    if (performance.now() > deadline) throw new Error(`not true after ${timeout} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until no part of the page is still loading (every load shows `.loading` until it resolves). */
export async function settled(page: Page, timeout = 60_000) {
  await until(page, `!document.querySelector('.loading, [aria-busy="true"]')`, timeout);
}

/** The raw value a Figure carries (data-value), as the page shows it. */
export async function figure(page: Page, selector: string): Promise<{ value: string; text: string }> {
  const el = page.locator(selector).first();
  return { value: (await el.getAttribute('data-value')) ?? '', text: (await el.textContent()) ?? '' };
}
