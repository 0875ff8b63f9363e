import type { Db, Sql } from '../store/db.ts';
import type { Backlog, Consumer, Emitter, Log, LogRecord, OutgoingRecord } from './log.ts';

interface RecordRow {
  topic: string;
  offset: number;
  key: string;
  value: unknown;
  headers: LogRecord['headers'];
  created_at: string;
  [k: string]: unknown;
}

/**
 * The log kept in the database: log_records, one offset sequence per topic (log_topics). Appending takes the
 * topic's row lock until commit, so a reader can never see offset n+1 before offset n is visible.
 */
export function createLocalLog(db: Db): Log {
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
    waiters.clear();
  };

  const emitter: Emitter = {
    async emit(tx: Sql, records: readonly OutgoingRecord[]) {
      if (records.length === 0) return;
      const byTopic = new Map<string, OutgoingRecord[]>();
      for (const r of records) {
        const list = byTopic.get(r.topic);
        if (list) list.push(r);
        else byTopic.set(r.topic, [r]);
      }
      // Topics in a fixed order, so two appenders never take the topic locks in opposite orders.
      for (const topic of [...byTopic.keys()].sort()) {
        const list = byTopic.get(topic)!;
        const [range] = await tx.query<{ first: number }>(
          `INSERT INTO log_topics AS t (topic, next_offset) VALUES ($1, $2)
           ON CONFLICT (topic) DO UPDATE SET next_offset = t.next_offset + $2
           RETURNING next_offset - $2 AS first`,
          [topic, list.length],
        );
        await tx.query(
          `INSERT INTO log_records (topic, "offset", key, value, headers)
           SELECT $1, $2::bigint + ord - 1, k, v::jsonb, h::jsonb
           FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(k, v, h, ord)`,
          [
            topic,
            range!.first,
            list.map((r) => r.key),
            list.map((r) => JSON.stringify(r.value)),
            list.map((r) => JSON.stringify(r.headers ?? {})),
          ],
        );
      }
      // In-process readers wake as soon as the caller commits; other processes poll.
      queueMicrotask(wake);
    },
  };

  function consumer(group: string, topics: readonly string[]): Consumer {
    return {
      group,
      topics,
      async fetch(max: number) {
        const rows = await db.query<RecordRow>(
          // Topics interleave by rank, so one busy topic cannot starve the others, and what is taken of each
          // topic is always a prefix of its unread records: committing the highest offset skips nothing.
          // The rank is computed outside the limited scan, so a fetch reads at most $3 rows per topic.
          `SELECT topic, "offset", key, value, headers, created_at FROM (
             SELECT r.*, row_number() OVER (PARTITION BY r.topic ORDER BY r."offset") AS rank
             FROM unnest($2::text[]) AS t(topic)
             LEFT JOIN consumer_offsets o ON o.group_id = $1 AND o.topic = t.topic AND o.partition = 0
             CROSS JOIN LATERAL (
               SELECT * FROM log_records r
               WHERE r.topic = t.topic AND r."offset" >= coalesce(o.next_offset, 0)
               ORDER BY r."offset" LIMIT $3
             ) r
           ) ranked
           ORDER BY rank, topic
           LIMIT $3`,
          [group, topics, max],
        );
        return rows.map((r) => ({
          topic: r.topic,
          partition: 0,
          offset: r.offset,
          key: r.key,
          value: r.value,
          headers: r.headers,
          timestamp: r.created_at,
        }));
      },
      async commit(tx: Sql, records: readonly LogRecord[]) {
        const next = new Map<string, number>();
        for (const r of records) next.set(r.topic, Math.max(next.get(r.topic) ?? 0, r.offset + 1));
        if (next.size === 0) return;
        await tx.query(
          `INSERT INTO consumer_offsets AS o (group_id, topic, partition, next_offset)
           SELECT $1, topic, 0, next FROM unnest($2::text[], $3::bigint[]) AS x(topic, next)
           ON CONFLICT (group_id, topic, partition)
           DO UPDATE SET next_offset = greatest(o.next_offset, excluded.next_offset), updated_at = now()`,
          [group, [...next.keys()], [...next.values()]],
        );
      },
      async close() {},
    };
  }

  return {
    kind: 'local',
    emitter,
    consumer,
    async backlog(subscriptions) {
      const groups: string[] = [];
      const topics: string[] = [];
      for (const s of subscriptions) {
        for (const t of s.topics) {
          groups.push(s.group);
          topics.push(t);
        }
      }
      return db.query<Backlog & Record<string, unknown>>(
        `SELECT s.group_id AS "group", s.topic,
                greatest(coalesce(t.next_offset, 0) - coalesce(o.next_offset, 0), 0)::int8 AS lag
         FROM unnest($1::text[], $2::text[]) AS s(group_id, topic)
         LEFT JOIN log_topics t ON t.topic = s.topic
         LEFT JOIN consumer_offsets o ON o.group_id = s.group_id AND o.topic = s.topic AND o.partition = 0
         ORDER BY 1, 2`,
        [groups, topics],
      );
    },
    waitForAppend(ms: number) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve();
        }, ms);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.add(done);
      });
    },
    async close() {
      wake();
    },
  };
}
