import { answerVersionsOf } from '../store/answer-versions.ts';
import type { Sql } from '../store/db.ts';

/** What the cache tells the metrics: one hit or one miss of a route. */
export interface CacheCounters {
  hit(route: string): void;
  miss(route: string): void;
}

interface Entry {
  versions: string;
  body: string;
  bytes: number;
}

/** A kept answer's cost in memory, over-estimated: two bytes a character, and the map's own bookkeeping. */
const sizeOf = (key: string, versions: string, body: string) =>
  2 * (key.length + versions.length + body.length) + 96;

/**
 * Answers of the portfolio-scoped analytics routes, kept as the JSON text that was sent, and served again only
 * while the data versions they were computed from are unchanged (migration 0015: every table those answers read
 * bumps a version in the transaction that writes it). Never stale: the versions are read at the start of the
 * request, before anything the answer is computed from; a write that commits after that read moves them, so a
 * later request misses. An answer computed partly after such a write is kept under the older versions, which no
 * later request reads again.
 *
 * One entry per (route, portfolio, request): an answer kept under versions that have moved is replaced by the
 * next one, so old answers do not pile up. Bounded by bytes, least recently used first out; 0 bytes disables it.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly db: Sql;
  readonly maxBytes: number;
  private readonly counters: CacheCounters;

  constructor(db: Sql, maxBytes: number, counters: CacheCounters = { hit() {}, miss() {} }) {
    this.db = db;
    this.maxBytes = maxBytes;
    this.counters = counters;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The bytes the kept answers take (estimated as they were stored). */
  get size(): number {
    return this.bytes;
  }

  /** The versions a portfolio's answers depend on now; null when nothing may be kept (see answerVersionsOf). */
  versionsOf(portfolioId: string): Promise<string | null> {
    return answerVersionsOf(this.db, portfolioId);
  }

  /** The answer kept for `key` under exactly these versions, counted as a hit or a miss of `route`. */
  get(route: string, key: string, versions: string): string | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.versions !== versions) {
      this.counters.miss(route);
      return undefined;
    }
    // Re-inserting marks it most recently used (a Map iterates in insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.counters.hit(route);
    return entry.body;
  }

  /** Keeps an answer; one larger than the whole budget is not kept (it would evict everything for itself). */
  set(key: string, versions: string, body: string): void {
    this.drop(key);
    const bytes = sizeOf(key, versions, body);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { versions, body, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
