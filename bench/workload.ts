import type { Batch } from './data.ts';

/** A timed part of a workload: its batches are sent, then every job is waited for. */
export interface Phase {
  name: string;
  batches: Batch[];
  /** Records per ingest request (default: DEMO_CHUNK, as `pas demo` sends them). */
  requestRecords?: number;
}

/**
 * Latency probes during the phases: each path is requested on a fixed schedule (open loop: a slow answer does
 * not delay the next request), from a worker thread (see bench/probe-worker.ts).
 */
export interface ProbePlan {
  paths: Array<{ name: string; path: string }>;
  /** The schedule of each path, ms between requests. */
  intervalMs: Record<string, number>;
}

/** The queries workload: concurrent GETs against a loaded portfolio instead of an ingest. */
export interface QueryPlan {
  /** GETs, or POSTs of `body` as JSON. */
  paths: Array<{ name: string; path: string; body?: unknown }>;
  /** Requests per path. */
  requests: number;
  concurrency: number;
  /**
   * Ingest sent, request after request, while the clients run (the queries measured under a working pipeline):
   * round 0, 1, 2, … until the clients finish (each round new records, so the pipeline keeps working). Its
   * jobs are not waited for.
   */
  during?: (round: number) => Batch[];
}

export interface Plan {
  /** Sent and completed before any timing (reference data, history a phase builds on). */
  setup: Batch[];
  phases: Phase[];
  queries?: QueryPlan;
  probe?: ProbePlan;
}

export interface Workload {
  name: string;
  description: string;
  plan(scale: number, seed: number): Plan;
}
