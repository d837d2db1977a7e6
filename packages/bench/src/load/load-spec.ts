import type { LatencySummary } from '../report/percentiles.js';

/** One autocannon run, as the harness asks the load process for it. */
export interface LoadSpec {
  /** e.g. `http://127.0.0.1:41234/webhook/event` */
  readonly url: string;
  readonly connections: number;
  /**
   * Requests in the run, each with a push of its own made before the run. A run of a fixed count waits
   * for every answer, so none is left in flight at the end: what the server stored can be counted
   * against the 2xx answers exactly (a timed run drops the answers still in flight when it stops).
   */
  readonly amount: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  readonly overallRate?: number;
}

/** What one run measured. Latencies are exact (sub-ms), from autocannon's per-response timings. */
export interface LoadResult {
  readonly responses: number;
  readonly status2xx: number;
  readonly non2xx: number;
  /** Count per HTTP status. */
  readonly statuses: Record<string, number>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
  /** From the first request built to the last answer. */
  readonly durationS: number;
  /** Answers per second over `durationS`. */
  readonly rps: number;
  readonly latencyMs: LatencySummary;
  /** Requests that reused a push (0 means every request carried a new event id). */
  readonly repeats: number;
  readonly generationMs: number;
  /** CPU the load process used during the run, in cores (1 = one core busy). */
  readonly loadCpuCores: number;
}

/** The environment variable that carries a {@link LoadSpec} to the load process, as JSON. */
export const LOAD_SPEC_ENV = 'BENCH_LOAD_SPEC';
