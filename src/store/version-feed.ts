import pg from 'pg';

/** The channel migration 0016 notifies at each commit that moved answer versions: the scopes, comma-separated. */
export const VERSION_CHANNEL = 'pas_answer_versions';

/** How far the feed had told when a mark was taken: its connection (epoch) and the count of messages (seq). */
export interface FeedMark {
  readonly epoch: number;
  readonly seq: number;
}

/**
 * What the database said about answer versions since a moment, without asking it: a LISTEN on one dedicated
 * connection. A mark taken before reading the versions from the database stays valid while no message named one
 * of the scopes the answer depends on, on the same connection: a commit after that read is notified after it
 * (PostgreSQL sends a NOTIFY once its transaction has committed), so it arrives after the mark and moves it.
 *
 * What it does not give: a commit made an instant ago may not have been told yet (the message is on its way,
 * normally well under a millisecond on one host). A process that writes itself must therefore not rely on it for
 * read-your-writes (src/app/response-cache.ts uses it only in a query-only process).
 *
 * A lost connection ends the epoch: marks of the old one are never valid again (what was said while it was down
 * is unknown), and no mark is given until LISTEN holds again on a new connection.
 */
export class VersionFeed {
  private epoch = 0;
  private seq = 0;
  private listening = false;
  private closed = false;
  private client: pg.Client | undefined;
  /** The seq of the last message that named each scope. */
  private readonly touched = new Map<string, number>();
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly connectionString: string;
  private readonly onProblem: (message: string) => void;

  private constructor(connectionString: string, onProblem: (message: string) => void) {
    this.connectionString = connectionString;
    this.onProblem = onProblem;
  }

  /** Starts listening; resolves once the first LISTEN holds or failed (it then retries in the background). */
  static async open(connectionString: string, onProblem: (message: string) => void): Promise<VersionFeed> {
    const feed = new VersionFeed(connectionString, onProblem);
    await feed.connect();
    return feed;
  }

  /** The feed's position now, or null while it is not listening (nothing it said can be trusted). */
  mark(): FeedMark | null {
    return this.listening ? { epoch: this.epoch, seq: this.seq } : null;
  }

  /** True when the feed has listened throughout since `mark` and no message since named any of `scopes`. */
  unchangedSince(mark: FeedMark, scopes: readonly string[]): boolean {
    if (!this.listening || mark.epoch !== this.epoch) return false;
    for (const scope of scopes) if ((this.touched.get(scope) ?? 0) > mark.seq) return false;
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      if (message.channel !== VERSION_CHANNEL || client !== this.client) return;
      this.seq++;
      for (const scope of (message.payload ?? '').split(','))
        if (scope !== '') this.touched.set(scope, this.seq);
    });
    const lost = (reason: string) => {
      if (client !== this.client) return;
      this.listening = false;
      this.epoch++;
      this.client = undefined;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.onProblem(`answer version feed: ${reason}; answers check the database until it listens again`);
      this.retryTimer = setTimeout(() => void this.connect(), 1000);
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${VERSION_CHANNEL}`);
      if (client !== this.client || this.closed) return;
      // A new epoch: nothing said before this LISTEN is known to this connection.
      this.epoch++;
      this.listening = true;
    } catch (error) {
      lost(error instanceof Error ? error.message : String(error));
    }
  }
}
