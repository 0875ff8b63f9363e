import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from './target.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'pas.mjs');
const READY = /^pas ready: (http:\/\/\S+)/m;

/** One `pas start --roles …` OS process on the target's database and topics, as a deployment runs it. */
export interface RoleProcess {
  roles: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export async function startRoleProcess(
  config: Target['config'],
  roles: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RoleProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PAS_LOG_LEVEL: process.env.PAS_LOG_LEVEL ?? 'error',
    ...extraEnv,
  };
  env.DATABASE_URL = config.databaseUrl;
  env.KAFKA_BROKERS = (config.kafkaBrokers ?? []).join(',');
  env.PAS_KAFKA_TOPIC_PREFIX = config.kafkaTopicPrefix ?? '';
  // As in startSystem: the load generators send far more than a client would.
  env.PAS_RATE_LIMIT_MAX = '0';
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'start', '--roles', roles, '--port', '0', '--query-port', '0'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = READY.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`the ${roles} process exited (${code}) before it was ready`)),
    );
  });
  return {
    roles,
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Kafka mode: every role of the pipeline in its own OS process — ingest, relay, stage:persist, and `replicas`
 * processes each of stage:positions and stage:series sharing their consumer groups. They run at CPU niceness
 * `nice` (PAS_CPU_NICE), as the README's "Run distributed" recommends where they share cores with query processes.
 */
export interface Cluster {
  processes: RoleProcess[];
  /** The ingest process (ingest and job routes). */
  ingestUrl: string;
  /** Sum of pas_stage_batch_duration_seconds by stage over every stage process, from their /metrics. */
  stageSeconds(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startCluster(config: Target['config'], replicas: number, nice = 0): Promise<Cluster> {
  const roles = ['ingest', 'relay', 'stage:persist'];
  for (let r = 0; r < replicas; r++) roles.push('stage:positions', 'stage:series');
  const started = await Promise.allSettled(
    roles.map((role) => startRoleProcess(config, role, { PAS_CPU_NICE: String(nice) })),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    processes,
    ingestUrl: processes[0]!.url,
    async stageSeconds() {
      const out: Record<string, number> = {};
      for (const p of processes.filter((q) => q.roles.startsWith('stage:'))) {
        const text = await (await fetch(`${p.url}/metrics`)).text();
        for (const m of text.matchAll(
          /^pas_stage_batch_duration_seconds_sum\{[^}]*stage="([^"]+)"[^}]*\} (\S+)$/gm,
        )) {
          out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
        }
      }
      return out;
    },
    stop,
  };
}
