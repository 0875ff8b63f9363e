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
 * The Kafka adapter of the log port (design §3, reference kafka.md §3), selected by KAFKA_BROKERS.
 * - Emitting writes the local log's table in the caller's transaction: it is the outbox. The relay (role
 *   `relay`) moves its rows to Kafka in offset order per topic and deletes them, one active relay per database
 *   (an advisory lock; others wait as standby). At least once on the wire, exactly once in effect: a crash
 *   between Kafka's ack and the delete sends rows again as new Kafka records, but each carries its outbox
 *   offset, and a consumer skips a record whose outbox offset it has already passed on that partition (stored
 *   beside its offset, in the same transaction as its work).
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
  /** Longest wait for Kafka's acknowledgement of one relay batch. */
  sendTimeoutMs?: number;
  /** close() gives up on the broker after this long (a broker that is gone would hold it forever). */
  closeTimeoutMs?: number;
  /**
   * Run the relay in this process (the `relay` role; default true). Without it the outbox fills and another
   * process's relay moves it.
   */
  relay?: boolean;
  /** Tests only: runs after Kafka acknowledged a relay batch, before its rows leave the outbox (a crash there). */
  afterSend?: () => Promise<void>;
  /** Prepended to every Kafka topic name and group id (PAS_KAFKA_TOPIC_PREFIX); see kafka-topics.ts. */
  topicPrefix?: string;
  /**
   * How often a member checks that the records on its partitions reach it (default 5 s); a partition found
   * behind with nothing delivered at two checks in a row makes the member rejoin (see `stalled`).
   */
  stallCheckMs?: number;
  /** Tests only: each member's record stream as it joins (to pause one, as a stuck fetch would). */
  onJoin?: (group: string, stream: MessagesStream<string, string, string, string>) => void;
}

type Client = KafkaConsumer<string, string, string, string>;

interface Member {
  consumer: Client;
  /** The outbox offset each buffered record was relayed from (absent: produced by someone else). */
  outboxOf: WeakMap<LogRecord, number>;
  stream: MessagesStream<string, string, string, string>;
  buffer: LogRecord[];
  /** `partitionId@offset` of every record in the buffer: a record the stream delivers again is not held twice. */
  held: Set<string>;
  failed: unknown;
  /** Resolved by the stream's next record or error: what an idle fetch waits on. */
  arrivals: Set<() => void>;
  /** When the member next checks for undelivered records, and the partitions found so at the last check. */
  stallCheckAt: number;
  suspects: Set<string>;
}

/** pg_advisory lock key of the relay (one active relay per database). */
const RELAY_LOCK = 7_211;
const RELAY_BATCH = 2_000;
/** How often a standby relay tries to take the lock. */
const STANDBY_POLL_MS = 1_000;
/** Kafka header carrying a relayed record's offset in the outbox (per log topic): how duplicates are told. */
const OUTBOX = 'pas.outbox';
const READ_COMMITTED = 1;
const HEADERS = 'pas';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const partitionId = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const heldId = (r: LogRecord) => `${partitionId(r.topic, r.partition)}@${r.offset}`;

export function createKafkaLog(db: Db, options: KafkaLogOptions): Log {
  const brokers = [...options.brokers];
  const clientId = options.clientId ?? 'pas';
  const fetchWaitMs = options.fetchWaitMs ?? 300;
  const stallCheckMs = options.stallCheckMs ?? 5_000;
  const outbox = createLocalLog(db);
  const names = topicNames(options.topicPrefix);
  const logger = options.logger ?? pino({ level: 'warn', base: { service: 'pas' } }, pino.destination(2));
  const closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
  const sendTimeoutMs = options.sendTimeoutMs ?? 10_000;
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

  /** Settles when close() begins: what waits on Kafka waits no longer than that. */
  let closing!: () => void;
  const closingSignal = new Promise<'closing'>((resolve) => {
    closing = () => resolve('closing');
  });

  /**
   * Relays one batch: read the oldest rows, send them, then delete them, each its own short statement. Each
   * record carries its outbox offset (header OUTBOX): a crash (or a send that timed out but reached the broker)
   * between the send and the delete sends the rows again as new Kafka records, and consumers recognise them
   * by that offset and skip them (see `duplicates`). False when there was nothing to do.
   */
  async function relayOnce(): Promise<boolean> {
    const rows = await db.query<{
      topic: string;
      offset: number;
      key: string;
      value: unknown;
      headers: RecordHeaders;
      [k: string]: unknown;
    }>(
      // Only what consumers of the local log could see: below a topic's first reserved (staged, unpublished)
      // offset; staging happens on PGlite only, where the Kafka log runs in tests alone.
      `SELECT topic, "offset", key, value, headers FROM log_records r
       WHERE r."offset" < coalesce(
         (SELECT min(v.first_offset) FROM log_reservations v WHERE v.topic = r.topic), 9223372036854775807)
       ORDER BY topic, "offset" LIMIT ${RELAY_BATCH}`,
    );
    if (rows.length === 0) return false;
    const sent = producer.send({
      messages: rows.map((r) => ({
        topic: names.toKafka(r.topic),
        key: r.key,
        value: JSON.stringify(r.value),
        headers: new Map([
          [HEADERS, JSON.stringify(r.headers ?? {})],
          [OUTBOX, String(r.offset)],
        ]),
      })),
    });
    const outcome = await Promise.race([
      sent,
      closingSignal,
      sleep(sendTimeoutMs).then(() => 'timeout' as const),
    ]);
    if (outcome === 'closing' || outcome === 'timeout') {
      // The abandoned send may still fail later (or succeed: its rows are then sent again, and skipped by the
      // consumers as duplicates); a late failure must not surface as an unhandled rejection.
      sent.catch((error: unknown) => logger.warn({ err: error }, 'kafka relay: an abandoned send failed'));
    }
    if (outcome === 'closing') return false;
    if (outcome === 'timeout')
      throw new Error(`relay: Kafka did not acknowledge ${rows.length} records in ${sendTimeoutMs} ms`);
    await options.afterSend?.();
    await db.query(
      `DELETE FROM log_records r USING unnest($1::text[], $2::bigint[]) AS x(topic, "offset")
       WHERE r.topic = x.topic AND r."offset" = x."offset"`,
      [rows.map((r) => r.topic), rows.map((r) => r.offset)],
    );
    return true;
  }

  /** Relays until close, checking `stillHeld` before each batch (it throws when the lock is lost). */
  async function relayWhile(stillHeld: () => Promise<unknown>): Promise<void> {
    let backoff = 0;
    while (!closed) {
      try {
        await stillHeld();
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
  }

  /**
   * One active relay per database. On PostgreSQL it holds pg_advisory_xact_lock(RELAY_LOCK) in a transaction
   * kept open while it relays (on its own pooled connection; nothing else runs in it): a relay that dies, or
   * whose connection drops, releases it at once, and a standby that polls pg_try_advisory_xact_lock takes over.
   * PGlite serves one process (its data directory lock) and one transaction at a time: no lock there.
   */
  let relayState: 'off' | 'standby' | 'active' = 'off';
  const relay = (async () => {
    if (options.relay === false) return;
    if (db.kind === 'pglite') {
      relayState = 'active';
      await relayWhile(async () => {});
      return;
    }
    while (!closed) {
      try {
        const held = await db.transaction(async (tx) => {
          const [row] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [
            RELAY_LOCK,
          ]);
          if (!row?.got) return false;
          await tx.query('SET LOCAL idle_in_transaction_session_timeout = 0');
          relayState = 'active';
          await relayWhile(() => tx.query('SELECT 1'));
          return true;
        });
        if (!held) {
          relayState = 'standby';
          await Promise.race([sleep(STANDBY_POLL_MS), closingSignal]);
        }
      } catch (error) {
        relayState = 'standby';
        if (closed) break;
        logger.error({ err: error }, 'kafka relay: lost its lock or connection; trying again');
        await Promise.race([sleep(STANDBY_POLL_MS), closingSignal]);
      }
    }
  })();
  const members = new Map<string, Promise<Member>>();
  async function join(group: string, topics: readonly string[]): Promise<Member> {
    const consumer: Client = new KafkaConsumer({
      clientId: `${clientId}-${group}`,
      groupId: names.group(group),
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
    const member: Member = {
      consumer,
      outboxOf: new WeakMap(),
      stream,
      buffer: [],
      held: new Set(),
      failed: undefined,
      arrivals: new Set(),
      stallCheckAt: Date.now() + stallCheckMs,
      suspects: new Set(),
    };
    options.onJoin?.(group, stream);
    const arrived = () => {
      for (const resolve of member.arrivals) resolve();
      member.arrivals.clear();
    };
    stream.on('data', (msg) => {
      const record: LogRecord = {
        topic: names.fromKafka(msg.topic),
        partition: msg.partition,
        offset: Number(msg.offset),
        key: msg.key,
        value: JSON.parse(msg.value),
        headers: JSON.parse(msg.headers.get(HEADERS) ?? '{}') as RecordHeaders,
        timestamp: new Date(Number(msg.timestamp)).toISOString(),
      };
      // Delivered again after a rejoin that restarted the partition at Kafka's committed offset (a hint behind
      // the database's): already held, so not held twice.
      const id = heldId(record);
      if (member.held.has(id)) return;
      const outboxOffset = msg.headers.get(OUTBOX);
      if (outboxOffset !== undefined) member.outboxOf.set(record, Number(outboxOffset));
      member.held.add(id);
      member.buffer.push(record);
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

  async function positionsOf(group: string, topics: readonly string[]) {
    const rows = await db.query<{
      topic: string;
      partition: number;
      next_offset: number;
      outbox_offset: number | null;
    }>(
      `SELECT topic, partition, next_offset, outbox_offset FROM consumer_offsets
       WHERE group_id = $1 AND topic = ANY($2::text[])`,
      [group, topics],
    );
    return new Map(
      rows.map((r) => [
        partitionId(r.topic, r.partition),
        { next: Number(r.next_offset), outbox: r.outbox_offset === null ? -1 : Number(r.outbox_offset) },
      ]),
    );
  }
  async function dbOffsets(group: string, topics: readonly string[]) {
    const positions = await positionsOf(group, topics);
    return new Map([...positions].map(([id, p]) => [id, p.next]));
  }

  /** The partitions the member owns now; null before its first assignment (then it may take any). */
  function ownedBy(member: Member): Set<string> | null {
    const owned = member.consumer.assignments;
    return owned === null
      ? null
      : new Set(owned.flatMap((a) => a.partitions.map((p) => partitionId(names.fromKafka(a.topic), p))));
  }

  /**
   * Drops what the database says is consumed. Records of a partition the member no longer owns are kept (not
   * taken): the stream does not deliver them again if the partition comes back while Kafka has no committed
   * offset for it — it resumes where it stopped — so dropping them lost them for good (the stall the fault
   * suite found: a series replica killed before its first commit, its partitions back at the survivor).
   */
  async function settle(group: string, topics: readonly string[], member: Member) {
    const positions = await positionsOf(group, topics);
    const next = new Map([...positions].map(([id, p]) => [id, p.next]));
    const mine = ownedBy(member);
    member.buffer = member.buffer.filter(
      (r) => r.offset >= (next.get(partitionId(r.topic, r.partition)) ?? 0),
    );
    member.held = new Set(member.buffer.map(heldId));
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
    return positions;
  }

  /**
   * Splits each partition's buffered records (in offset order) into what the stage may take — the records
   * before the first duplicate — and the duplicates at its head: records whose outbox offset the group has
   * already passed on that partition (a relay re-sent them after a crash). The head duplicates are skipped
   * without effect (`skip`); a duplicate behind unconsumed records waits until those are committed.
   */
  function duplicates(member: Member, parts: LogRecord[][], positions: Map<string, { outbox: number }>) {
    const take: LogRecord[][] = [];
    const skip: LogRecord[][] = [];
    for (const list of parts) {
      let passed = positions.get(partitionId(list[0]!.topic, list[0]!.partition))?.outbox ?? -1;
      const fresh: LogRecord[] = [];
      const head: LogRecord[] = [];
      for (const r of list) {
        const outboxOffset = member.outboxOf.get(r);
        const duplicate = outboxOffset !== undefined && outboxOffset <= passed;
        if (duplicate && fresh.length === 0) head.push(r);
        else if (duplicate) break;
        else {
          fresh.push(r);
          if (outboxOffset !== undefined) passed = outboxOffset;
        }
      }
      if (fresh.length > 0) take.push(fresh);
      if (head.length > 0) skip.push(head);
    }
    return { take, skip };
  }

  /** Moves the group past duplicates at the head of their partitions: compare-and-set, like a stage's commit. */
  async function skipDuplicates(group: string, member: Member, skip: LogRecord[][]) {
    for (const list of skip) {
      const { topic, partition } = list[0]!;
      const first = list[0]!.offset;
      const next = list.at(-1)!.offset + 1;
      await db.query(
        `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
         ON CONFLICT (group_id, topic, partition) DO NOTHING`,
        [group, topic, partition],
      );
      await db.query(
        `UPDATE consumer_offsets SET next_offset = $5, updated_at = now()
         WHERE group_id = $1 AND topic = $2 AND partition = $3 AND next_offset <= $4`,
        [group, topic, partition, first, next],
      );
      const dropped = new Set(list);
      member.buffer = member.buffer.filter((r) => !dropped.has(r));
      for (const r of list) member.held.delete(heldId(r));
      logger.warn(
        { group, topic, partition, from: first, to: next - 1 },
        'kafka: skipped records the relay sent twice',
      );
    }
  }

  /** The buffered records per partition, partitions in (topic, partition) order, each in offset order. */
  function partitionsOf(buffer: readonly LogRecord[]): LogRecord[][] {
    const parts = new Map<string, LogRecord[]>();
    for (const r of buffer) {
      const id = partitionId(r.topic, r.partition);
      const list = parts.get(id);
      if (list) list.push(r);
      else parts.set(id, [r]);
    }
    return [...parts.values()]
      .sort((a, b) =>
        a[0]!.topic === b[0]!.topic ? a[0]!.partition - b[0]!.partition : a[0]!.topic < b[0]!.topic ? -1 : 1,
      )
      .map((list) => list.sort((x, y) => x.offset - y.offset));
  }

  /** True when the stream delivers a record (or fails) within `ms`. */
  function arrival(member: Member, ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        member.arrivals.delete(done);
        resolve(false);
      }, ms);
      member.arrivals.add(done);
    });
  }

  /**
   * A member whose stream stopped delivering a partition it owns: Kafka holds records there that the database
   * says the group has not consumed, and none of them is in the member's buffer, while it has nothing to take — at two checks in a row
   * (`stallCheckMs` apart), so records still on their way do not count. The fault suite met it after replicas
   * joined and left (the series group idle with two records pending on partitions one member owned); whatever
   * the client's cause, rejoining heals it: the new stream starts at Kafka's committed offset, which follows the
   * database's (settle), and the database drops anything delivered twice.
   */
  async function stalled(
    member: Member,
    topics: readonly string[],
    positions: Map<string, { next: number }>,
  ) {
    const now = Date.now();
    if (now < member.stallCheckAt) return [];
    member.stallCheckAt = now + stallCheckMs;
    const mine = ownedBy(member);
    if (mine === null) return [];
    let ends: Map<string, bigint[]>;
    try {
      ends = await watermarkClient().listOffsets({
        topics: topics.map(names.toKafka),
        isolationLevel: READ_COMMITTED,
      });
    } catch {
      return []; // The broker is away: the stream's own retries deal with that.
    }
    const buffered = new Set(member.buffer.map((r) => partitionId(r.topic, r.partition)));
    const behind = new Set<string>();
    for (const topic of topics) {
      (ends.get(names.toKafka(topic)) ?? []).forEach((end, partition) => {
        const id = partitionId(topic, partition);
        if (mine.has(id) && !buffered.has(id) && Number(end) > (positions.get(id)?.next ?? 0)) behind.add(id);
      });
    }
    const stuck = [...behind].filter((id) => member.suspects.has(id));
    member.suspects = behind;
    return stuck.map((id) => id.replace('\u0000', '/'));
  }

  function consumer(group: string, topics: readonly string[]): Consumer {
    return {
      group,
      topics,
      async fetch(max) {
        const member = await memberOf(group, topics);
        const deadline = Date.now() + fetchWaitMs;
        let take: LogRecord[][] = [];
        for (;;) {
          const positions = await settle(group, topics, member);
          const mine = ownedBy(member);
          const owned = member.buffer.filter(
            (r) => mine === null || mine.has(partitionId(r.topic, r.partition)),
          );
          const split = duplicates(member, partitionsOf(owned), positions);
          if (split.skip.length > 0) {
            await skipDuplicates(group, member, split.skip);
            continue;
          }
          take = split.take;
          // Only an idle member checks: one with records to take is being delivered to (and a stream held back
          // by a full buffer is not stuck).
          const stuck = take.length === 0 ? await stalled(member, topics, positions) : [];
          if (stuck.length > 0) {
            logger.warn(
              { group, partitions: stuck },
              'kafka consumer: records on its partitions were not delivered; rejoining',
            );
            members.delete(group);
            await leave(member);
            return [];
          }
          if (take.length > 0 || member.failed !== undefined) break;
          // Idle: wait for the stream's next record rather than polling; the database is read again only once
          // something arrived (it may be a record another member has already committed).
          const left = deadline - Date.now();
          if (left <= 0 || !(await arrival(member, left))) break;
        }
        if (member.failed !== undefined) throw member.failed;
        // Interleave partitions by rank, as the local log interleaves topics: a busy partition cannot starve
        // the others, and what is taken of each is a prefix of its unread records.
        const out: LogRecord[] = [];
        for (let rank = 0; out.length < max; rank++) {
          const row = take.map((list) => list[rank]).filter((r) => r !== undefined);
          if (row.length === 0) break;
          out.push(...row.slice(0, max - out.length));
        }
        return out;
      },
      async commit(tx: Sql, records) {
        const member = await members.get(group);
        const range = new Map<
          string,
          { topic: string; partition: number; first: number; next: number; outbox: number | null }
        >();
        for (const r of records) {
          const id = partitionId(r.topic, r.partition);
          const outbox = member?.outboxOf.get(r) ?? null;
          const seen = range.get(id);
          if (!seen)
            range.set(id, {
              topic: r.topic,
              partition: r.partition,
              first: r.offset,
              next: r.offset + 1,
              outbox,
            });
          else {
            seen.first = Math.min(seen.first, r.offset);
            seen.next = Math.max(seen.next, r.offset + 1);
            if (outbox !== null) seen.outbox = Math.max(seen.outbox ?? -1, outbox);
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
          `UPDATE consumer_offsets o SET next_offset = x.next, updated_at = now(),
             outbox_offset = GREATEST(o.outbox_offset, x.outbox)
           FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[])
             AS x(topic, partition, first, next, outbox)
           WHERE o.group_id = $1 AND o.topic = x.topic AND o.partition = x.partition AND o.next_offset <= x.first
           RETURNING o.topic`,
          [
            group,
            topicsOf,
            partitionsOf,
            parts.map((p) => p.first),
            parts.map((p) => p.next),
            parts.map((p) => p.outbox),
          ],
        );
        if (moved.length !== parts.length) throw new ConcurrentConsumerError(group);
      },
      async close() {},
    };
  }

  // Reads high watermarks only; its group is never joined.
  let watermarks: Client | undefined;
  function watermarkClient(): Client {
    watermarks ??= new KafkaConsumer({
      clientId: `${clientId}-backlog`,
      groupId: `${clientId}-backlog`,
      bootstrapBrokers: brokers,
    });
    return watermarks;
  }
  /** High watermark (read_committed) minus the group's database offset, per partition. */
  async function partitionLag(
    subscriptions: ReadonlyArray<{ group: string; topics: readonly string[] }>,
  ): Promise<PartitionLag[]> {
    const out: PartitionLag[] = [];
    for (const s of subscriptions) {
      const next = await dbOffsets(s.group, s.topics);
      const ends = await watermarkClient().listOffsets({
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
    relayState: () => relayState,
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
      await outbox.close();
    },
  };
}
