import { answerVersionsOf } from '../store/answer-versions.ts';
import type { Sql } from '../store/db.ts';
import type { FeedMark, VersionFeed } from '../store/version-feed.ts';

/** What the cache tells the metrics: one hit or one miss of a route. */
export interface CacheCounters {
  hit(route: string): void;
  miss(route: string): void;
}

interface Entry {
  versions: string;
  /** The feed's mark taken before those versions were last read: null without a feed. */
  mark: FeedMark | null;
  /** The JSON text sent, encoded once: a hit writes these bytes as they are. */
  body: Buffer;
  bytes: number;
}

/** A kept answer's cost in memory, over-estimated: two bytes a character of the strings, and the bookkeeping. */
const sizeOf = (key: string, versions: string, body: Buffer) =>
  2 * (key.length + versions.length) + body.length + 128;

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
 *
 * With a version feed (a process that only answers queries, on PostgreSQL: src/store/version-feed.ts) a kept
 * answer is served without reading the versions while the feed has told no change to its portfolio or the market
 * since they were last read (`fresh`). Such an answer can miss a commit whose notification is still on its way
 * (normally well under a millisecond); a request with `Cache-Control: no-cache` always reads the versions.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly db: Sql;
  readonly maxBytes: number;
  private readonly counters: CacheCounters;
  private readonly feed: VersionFeed | undefined;
  /** The answers being computed now, by key. */
  private readonly flights = new Map<string, { versions: string; answer: Promise<Buffer | undefined> }>();

  constructor(
    db: Sql,
    maxBytes: number,
    counters: CacheCounters = { hit() {}, miss() {} },
    feed?: VersionFeed,
  ) {
    this.db = db;
    this.maxBytes = maxBytes;
    this.counters = counters;
    this.feed = feed;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The bytes the kept answers take (estimated as they were stored). */
  get size(): number {
    return this.bytes;
  }

  /**
   * The answer kept for `key` when the version feed has told no change to the portfolio or the market since its
   * versions were last read: no database read. Undefined otherwise (then read the versions and call `get`).
   */
  fresh(route: string, key: string, portfolioId: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry?.mark == null || this.feed === undefined) return undefined;
    if (!this.feed.unchangedSince(entry.mark, ['M', `P:${portfolioId}`])) return undefined;
    return this.hit(route, key, entry);
  }

  /** The feed's mark, to be taken before reading the versions an answer is checked or computed against. */
  mark(): FeedMark | null {
    return this.feed?.mark() ?? null;
  }

  /** The versions a portfolio's answers depend on now; null when nothing may be kept (see answerVersionsOf). */
  versionsOf(portfolioId: string): Promise<string | null> {
    return answerVersionsOf(this.db, portfolioId);
  }

  /**
   * The answer kept for `key` under exactly these versions, counted as a hit or a miss of `route`. A hit takes
   * `mark` (taken before the versions were read) as the moment it was last known current.
   */
  get(route: string, key: string, versions: string, mark: FeedMark | null = null): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.versions !== versions) {
      this.counters.miss(route);
      return undefined;
    }
    entry.mark = mark;
    return this.hit(route, key, entry);
  }

  private hit(route: string, key: string, entry: Entry): Buffer {
    // Re-inserting marks it most recently used (a Map iterates in insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.counters.hit(route);
    return entry.body;
  }

  /**
   * The answer another request is computing for `key` under exactly these versions: undefined when none is, and
   * when that request ends without a 200 answer (then compute it). Eight clients asking for the same expensive
   * answer at the same moment compute it once.
   */
  computing(key: string, versions: string): Promise<Buffer | undefined> | undefined {
    const flight = this.flights.get(key);
    return flight?.versions === versions ? flight.answer : undefined;
  }

  /** Says that this request computes `key` under `versions`; end it with the answer (or nothing), once or more. */
  startComputing(key: string, versions: string): (answer: Buffer | undefined) => void {
    let resolve: (answer: Buffer | undefined) => void = () => {};
    const flight = { versions, answer: new Promise<Buffer | undefined>((r) => (resolve = r)) };
    this.flights.set(key, flight);
    return (answer) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      resolve(answer);
    };
  }

  /**
   * Keeps an answer, and returns it encoded; one larger than the whole budget is not kept (it would evict
   * everything for itself).
   */
  set(key: string, versions: string, mark: FeedMark | null, text: string): Buffer {
    this.drop(key);
    const body = Buffer.from(text, 'utf8');
    const bytes = sizeOf(key, versions, body);
    if (bytes > this.maxBytes) return body;
    this.entries.set(key, { versions, mark, body, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
    return body;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
