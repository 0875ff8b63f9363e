import { randomUUID } from 'node:crypto';
import {
  compatibilityPartitioner,
  Consumer as KafkaConsumer,
  type MessagesStream,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import pino, { type Logger } from 'pino';
import type { Db, Sql } from '../store/db.ts';
import { appendSignal } from './append-signal.ts';
import { topicNames } from './kafka-topics.ts';
import { createLocalLog } from './local-log.ts';
import {
  type Backlog,
  ConcurrentConsumerError,
  type Consumer,
  type Log,
  type LogRecord,
  type OutboxState,
  type PartitionLag,
  type RecordHeaders,
} from './log.ts';

/**
 * A first Kafka adapter of the log port (design §3, reference kafka.md §3). Not wired into `pas start` yet.
 * - Emitting writes the local log's table in the caller's transaction: it is the outbox. A relay in this
 *   process moves its rows to Kafka in offset order per topic and deletes them, one relay at a time across
 *   processes (a lease row), with no database transaction open while Kafka is sent to. At least once: a
 *   crash between Kafka's ack and the delete sends rows again as new Kafka records, which consumers' database
 *   offsets cannot recognise — the transactional relay of issue 11 item 3 removes these duplicates.
 * - Consumer offsets live in the database, committed in the stage's transaction (compare-and-set per
 *   partition); Kafka's committed offsets are only a hint, written after the fact.
 * - One Kafka consumer per group per process (a group join costs seconds): every Consumer of the group shares
 *   its buffer, and records leave the buffer only once the database says they are consumed.
 */
export interface KafkaLogOptions {
  brokers: readonly string[];
  clientId?: string;
  /** How long a fetch waits for records when none are buffered. */
  fetchWaitMs?: number;
  /** Where relay and consumer failures are reported (default: pino at warn on stderr). */
  logger?: Pick<Logger, 'error' | 'warn'>;
  /** Longest wait for Kafka's acknowledgement of one relay batch; must stay well within the 30 s lease. */
  sendTimeoutMs?: number;
  /** close() gives up on the broker after this long (a broker that is gone would hold it forever). */
  closeTimeoutMs?: number;
  /**
   * Run the relay in this process (the `relay` role; default true). Without it the outbox fills and another
   * process's relay moves it.
   */
  relay?: boolean;
  /** Prepended to every Kafka topic name (PAS_KAFKA_TOPIC_PREFIX); see kafka-topics.ts for the names. */
  topicPrefix?: string;
}

type Client = KafkaConsumer<string, string, string, string>;

interface Member {
  consumer: Client;
  stream: MessagesStream<string, string, string, string>;
  buffer: LogRecord[];
  failed: unknown;
  /** Resolved by the stream's next record or error: what an idle fetch waits on. */
  arrivals: Set<() => void>;
}

/** pg_advisory lock key of the relay (one active relay per database). */
const RELAY_LOCK = 7_211;
const RELAY_BATCH = 2_000;
/** consumer_offsets group of the relay's lease row; no consumer group has this name. */
const LEASE_GROUP = 'pas.relay-lease';
const LEASE_MS = 30_000;
const READ_COMMITTED = 1;
const HEADERS = 'pas';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const partitionId = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export function createKafkaLog(db: Db, options: KafkaLogOptions): Log {
  const brokers = [...options.brokers];
  const clientId = options.clientId ?? 'pas';
  const fetchWaitMs = options.fetchWaitMs ?? 300;
  const outbox = createLocalLog(db);
  const names = topicNames(options.topicPrefix);
  const logger = options.logger ?? pino({ level: 'warn', base: { service: 'pas' } }, pino.destination(2));
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  const sendTimeoutMs = Math.min(options.sendTimeoutMs ?? 10_000, LEASE_MS / 2);
  const producer = new Producer<string, string, string, string>({
    clientId: `${clientId}-relay`,
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    // Java-compatible: other clients writing the same keys put them on the same partitions.
    partitioner: compatibilityPartitioner,
    retries: true,
    retryDelay: 500,
  });
  const appended = appendSignal();
  const wake = appended.wake;
  let closed = false;

  /**
   * The relay's lease: one relay moves rows at a time across processes, and none holds a database transaction
   * while Kafka is sent to (on PGlite that transaction would block every other one). The lease is a row of
   * consumer_offsets under a group no consumer uses (topic: the holder, next_offset: expiry in epoch ms), taken
   * in a short transaction under an advisory lock; a holder that dies loses it when it expires.
   */
  const holder = `${clientId}-${randomUUID()}`;
  const claimLease = () =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [RELAY_LOCK]);
      const now = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
      await tx.query(
        `DELETE FROM consumer_offsets WHERE group_id = $1 AND (topic = $2 OR next_offset < ${now})`,
        [LEASE_GROUP, holder],
      );
      const rows = await tx.query<{ topic: string }>(
        `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
         SELECT $1, $2, 0, ${now} + $3
         WHERE NOT EXISTS (SELECT 1 FROM consumer_offsets WHERE group_id = $1)
         RETURNING topic`,
        [LEASE_GROUP, holder, LEASE_MS],
      );
      return rows.length === 1;
    });
  const releaseLease = () =>
    db.query('DELETE FROM consumer_offsets WHERE group_id = $1 AND topic = $2', [LEASE_GROUP, holder]);

  /** Settles when close() begins: what waits on Kafka waits no longer than that. */
  let closing!: () => void;
  const closingSignal = new Promise<'closing'>((resolve) => {
    closing = () => resolve('closing');
  });

  /**
   * Relays one batch: read the oldest rows, send them, then delete them, each its own short statement.
   * At least once: a crash (or a send that timed out but reached the broker) between the send and the delete
   * sends the rows again, as new Kafka records that consumers' database offsets do not recognise; the
   * transactional relay of issue 11 item 3 removes these. False when there was nothing to do.
   */
  async function relayOnce(): Promise<boolean> {
    if (!(await claimLease())) return false;
    const rows = await db.query<{
      topic: string;
      offset: number;
      key: string;
      value: unknown;
      headers: RecordHeaders;
      [k: string]: unknown;
    }>(
      `SELECT topic, "offset", key, value, headers FROM log_records ORDER BY topic, "offset" LIMIT ${RELAY_BATCH}`,
    );
    if (rows.length === 0) return false;
    const sent = producer.send({
      messages: rows.map((r) => ({
        topic: names.toKafka(r.topic),
        key: r.key,
        value: JSON.stringify(r.value),
        headers: new Map([[HEADERS, JSON.stringify(r.headers ?? {})]]),
      })),
    });
    // The lease must outlive the send: give up well before it expires (the rows stay and are sent again).
    const outcome = await Promise.race([
      sent,
      closingSignal,
      sleep(sendTimeoutMs).then(() => 'timeout' as const),
    ]);
    if (outcome === 'closing' || outcome === 'timeout') {
      // The abandoned send may still fail later (or succeed: its rows are then sent twice); a late failure
      // must not surface as an unhandled rejection that ends the process.
      sent.catch((error: unknown) => logger.warn({ err: error }, 'kafka relay: an abandoned send failed'));
    }
    if (outcome === 'closing') return false;
    if (outcome === 'timeout')
      throw new Error(`relay: Kafka did not acknowledge ${rows.length} records in ${sendTimeoutMs} ms`);
    await db.query(
      `DELETE FROM log_records r USING unnest($1::text[], $2::bigint[]) AS x(topic, "offset")
       WHERE r.topic = x.topic AND r."offset" = x."offset"`,
      [rows.map((r) => r.topic), rows.map((r) => r.offset)],
    );
    return true;
  }
  const relay = (async () => {
    if (options.relay === false) return;
    let backoff = 0;
    while (!closed) {
      try {
        const moved = await relayOnce();
        backoff = 0;
        if (!moved) await Promise.race([outbox.waitForAppend(50), closingSignal]);
      } catch (error) {
        if (closed) break;
        backoff = Math.min(backoff === 0 ? 250 : backoff * 2, 5_000);
        logger.error({ err: error, retry_in_ms: backoff }, 'kafka relay failed; the rows stay in the outbox');
        await Promise.race([sleep(backoff), closingSignal]);
      }
    }
  })();

  const members = new Map<string, Promise<Member>>();
  async function join(group: string, topics: readonly string[]): Promise<Member> {
    const consumer: Client = new KafkaConsumer({
      clientId: `${clientId}-${group}`,
      groupId: group,
      bootstrapBrokers: brokers,
      deserializers: stringDeserializers,
      autocommit: false,
      // A broker restart heals only with unbounded retries (kafka.md §2).
      retries: true,
      retryDelay: 500,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    const stream = await consumer.consume({
      topics: topics.map(names.toKafka),
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
      isolationLevel: READ_COMMITTED,
      maxWaitTime: 100,
    });
    const member: Member = { consumer, stream, buffer: [], failed: undefined, arrivals: new Set() };
    const arrived = () => {
      for (const resolve of member.arrivals) resolve();
      member.arrivals.clear();
    };
    stream.on('data', (msg) => {
      member.buffer.push({
        topic: names.fromKafka(msg.topic),
        partition: msg.partition,
        offset: Number(msg.offset),
        key: msg.key,
        value: JSON.parse(msg.value),
        headers: JSON.parse(msg.headers.get(HEADERS) ?? '{}') as RecordHeaders,
        timestamp: new Date(Number(msg.timestamp)).toISOString(),
      });
      wake();
      arrived();
    });
    stream.on('error', (error) => {
      logger.warn({ err: error, group }, 'kafka consumer failed; it is recreated on the next fetch');
      member.failed = error;
      arrived();
    });
    return member;
  }
  async function leave(member: Member): Promise<void> {
    const report = (error: unknown) => logger.warn({ err: error }, 'kafka consumer did not close cleanly');
    await member.stream.close().catch(report);
    await member.consumer.close().catch(report);
  }
  /** The group's member in this process; a failed one is replaced (recreate on error). */
  async function memberOf(group: string, topics: readonly string[]): Promise<Member> {
    let pending = members.get(group);
    if (pending) {
      const member = await pending.catch(() => undefined);
      if (member && member.failed === undefined) return member;
      members.delete(group);
      if (member) await leave(member);
    }
    pending = join(group, topics);
    members.set(group, pending);
    return pending;
  }

  async function dbOffsets(group: string, topics: readonly string[]) {
    const rows = await db.query<{ topic: string; partition: number; next_offset: number }>(
      'SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = ANY($2::text[])',
      [group, topics],
    );
    return new Map(rows.map((r) => [partitionId(r.topic, r.partition), Number(r.next_offset)]));
  }

  /** Drops what the database says is consumed, or belongs to a partition this member no longer owns. */
  async function settle(group: string, topics: readonly string[], member: Member) {
    const next = await dbOffsets(group, topics);
    const owned = member.consumer.assignments;
    const mine =
      owned === null
        ? null
        : new Set(owned.flatMap((a) => a.partitions.map((p) => partitionId(names.fromKafka(a.topic), p))));
    member.buffer = member.buffer.filter((r) => {
      const id = partitionId(r.topic, r.partition);
      return (mine === null || mine.has(id)) && r.offset >= (next.get(id) ?? 0);
    });
    // Kafka's committed offsets follow the database's, as a hint for tooling and a faster start after a
    // rebalance; never relied on.
    const offsets = [...next.entries()]
      .filter(([id]) => mine?.has(id))
      .map(([id, offset]) => {
        const [topic, partition] = id.split('\u0000') as [string, string];
        return {
          topic: names.toKafka(topic),
          partition: Number(partition),
          offset: BigInt(offset),
          leaderEpoch: -1,
        };
      });
    if (offsets.length > 0) member.consumer.commit({ offsets }).catch(() => {});
  }

  function consumer(group: string, topics: readonly string[]): Consumer {
    return {
      group,
      topics,
      async fetch(max) {
        const member = await memberOf(group, topics);
        await settle(group, topics, member);
        // Idle: wait for the stream's next record rather than polling; the database is read again only once
        // something arrived (it may be a record another member has already committed).
        const deadline = Date.now() + fetchWaitMs;
        while (member.buffer.length === 0 && member.failed === undefined) {
          const left = deadline - Date.now();
          if (left <= 0) break;
          let timer: NodeJS.Timeout | undefined;
          const came = await new Promise<boolean>((resolve) => {
            const done = () => resolve(true);
            member.arrivals.add(done);
            timer = setTimeout(() => {
              member.arrivals.delete(done);
              resolve(false);
            }, left);
          });
          clearTimeout(timer);
          if (!came) break;
          await settle(group, topics, member);
        }
        if (member.failed !== undefined) throw member.failed;
        // Interleave partitions by rank, as the local log interleaves topics: a busy partition cannot starve
        // the others, and what is taken of each is a prefix of its unread records.
        const parts = new Map<string, LogRecord[]>();
        for (const r of member.buffer) {
          const id = partitionId(r.topic, r.partition);
          const list = parts.get(id);
          if (list) list.push(r);
          else parts.set(id, [r]);
        }
        const ordered = [...parts.values()]
          .sort((a, b) =>
            a[0]!.topic === b[0]!.topic
              ? a[0]!.partition - b[0]!.partition
              : a[0]!.topic < b[0]!.topic
                ? -1
                : 1,
          )
          .map((list) => list.sort((x, y) => x.offset - y.offset));
        const out: LogRecord[] = [];
        for (let rank = 0; out.length < max; rank++) {
          const row = ordered.map((list) => list[rank]).filter((r) => r !== undefined);
          if (row.length === 0) break;
          out.push(...row.slice(0, max - out.length));
        }
        return out;
      },
      async commit(tx: Sql, records) {
        const range = new Map<string, { topic: string; partition: number; first: number; next: number }>();
        for (const r of records) {
          const id = partitionId(r.topic, r.partition);
          const seen = range.get(id);
          if (!seen)
            range.set(id, { topic: r.topic, partition: r.partition, first: r.offset, next: r.offset + 1 });
          else {
            seen.first = Math.min(seen.first, r.offset);
            seen.next = Math.max(seen.next, r.offset + 1);
          }
        }
        if (range.size === 0) return;
        const parts = [...range.values()];
        const topicsOf = parts.map((p) => p.topic);
        const partitionsOf = parts.map((p) => p.partition);
        await tx.query(
          `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
           SELECT $1, topic, partition, 0 FROM unnest($2::text[], $3::int[]) AS x(topic, partition)
           ON CONFLICT (group_id, topic, partition) DO NOTHING`,
          [group, topicsOf, partitionsOf],
        );
        // `<=`, not the local log's `=`: Kafka offsets have gaps (transaction markers). Another member that
        // committed these records first has moved past `first`, and this transaction must roll back.
        const moved = await tx.query<{ topic: string }>(
          `UPDATE consumer_offsets o SET next_offset = x.next, updated_at = now()
           FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[]) AS x(topic, partition, first, next)
           WHERE o.group_id = $1 AND o.topic = x.topic AND o.partition = x.partition AND o.next_offset <= x.first
           RETURNING o.topic`,
          [group, topicsOf, partitionsOf, parts.map((p) => p.first), parts.map((p) => p.next)],
        );
        if (moved.length !== parts.length) throw new ConcurrentConsumerError(group);
      },
      async close() {},
    };
  }

  // Reads high watermarks only; its group is never joined.
  let watermarks: Client | undefined;
  /** High watermark (read_committed) minus the group's database offset, per partition. */
  async function partitionLag(
    subscriptions: ReadonlyArray<{ group: string; topics: readonly string[] }>,
  ): Promise<PartitionLag[]> {
    watermarks ??= new KafkaConsumer({
      clientId: `${clientId}-backlog`,
      groupId: `${clientId}-backlog`,
      bootstrapBrokers: brokers,
    });
    const out: PartitionLag[] = [];
    for (const s of subscriptions) {
      const next = await dbOffsets(s.group, s.topics);
      const ends = await watermarks.listOffsets({
        topics: s.topics.map(names.toKafka),
        isolationLevel: READ_COMMITTED,
      });
      for (const topic of s.topics) {
        (ends.get(names.toKafka(topic)) ?? []).forEach((end, partition) => {
          const lag = Math.max(Number(end) - (next.get(partitionId(topic, partition)) ?? 0), 0);
          out.push({ group: s.group, topic, partition, lag });
        });
      }
    }
    return out;
  }
  return {
    kind: 'kafka',
    emitter: outbox.emitter,
    consumer,
    partitionLag,
    async backlog(subscriptions) {
      const sums = new Map<string, Backlog>();
      for (const s of subscriptions) {
        for (const topic of s.topics) sums.set(`${s.group}\u0000${topic}`, { group: s.group, topic, lag: 0 });
      }
      for (const p of await partitionLag(subscriptions)) sums.get(`${p.group}\u0000${p.topic}`)!.lag += p.lag;
      const order = (b: Backlog) => `${b.group}\u0000${b.topic}`;
      return [...sums.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    },
    async outbox(): Promise<OutboxState> {
      const [row] = await db.query<{ n: number; age: number | null }>(
        `SELECT count(*)::int8 AS n, extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age
         FROM log_records`,
      );
      return { records: Number(row?.n ?? 0), oldestAgeSeconds: row?.age ?? null };
    },
    waitForAppend(ms) {
      return appended.wait(ms);
    },
    async close() {
      closed = true;
      closing();
      wake();
      await relay;
      // A broker that is gone would hold a graceful close (LeaveGroup, in-flight sends) forever: after
      // closeTimeoutMs the clients are closed by force. Unrelayed rows stay in the outbox for the next start.
      const graceful = (async () => {
        for (const pending of members.values()) {
          const member = await pending.catch(() => undefined);
          if (member) await leave(member);
        }
        await watermarks?.close();
        await producer.close();
      })();
      const outcome = await Promise.race([
        graceful.then(() => 'closed' as const),
        sleep(closeTimeoutMs).then(() => 'timeout' as const),
      ]);
      if (outcome === 'timeout') {
        logger.warn({ close_timeout_ms: closeTimeoutMs }, 'kafka log: broker unreachable, closing by force');
        const force = async (client: { close(force?: boolean): Promise<void> } | undefined) =>
          client?.close(true).catch(() => {});
        for (const pending of members.values()) {
          const member = await Promise.race([pending.catch(() => undefined), sleep(0).then(() => undefined)]);
          if (member) await force(member.consumer);
        }
        await Promise.race([Promise.all([force(watermarks), force(producer)]), sleep(1_000)]);
      }
      members.clear();
      await releaseLease().catch((error: unknown) =>
        logger.warn({ err: error }, 'kafka relay: lease not released'),
      );
      await outbox.close();
    },
  };
}
