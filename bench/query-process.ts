import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from './target.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'pas.mjs');
const READY = /^pas ready: (http:\/\/\S+)/m;

export interface QueryProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Kafka mode: `pas start --roles query` as its own OS process on the target's database and topics, as a
 * deployment runs it; the bench's queries go to it while the bench process keeps the other roles.
 */
export async function startQueryProcess(config: Target['config']): Promise<QueryProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PAS_LOG_LEVEL: process.env.PAS_LOG_LEVEL ?? 'error' };
  env.DATABASE_URL = config.databaseUrl;
  env.KAFKA_BROKERS = (config.kafkaBrokers ?? []).join(',');
  env.PAS_KAFKA_TOPIC_PREFIX = config.kafkaTopicPrefix ?? '';
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'start', '--roles', 'query', '--port', '0', '--query-port', '0'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = READY.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the query process exited (${code}) before it was ready`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
