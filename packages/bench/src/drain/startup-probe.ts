import type { Redis } from 'ioredis';
import { type DrainFigures, runDrain } from './drain.js';
import { DRAIN_WORKER_COUNTS } from './drain-plan.js';

/** Runs per worker count, and the burst of each: enough for the first few 1 s windows. */
export const PROBE_RUNS = 6;
export const PROBE_EVENTS = 150;

export interface ProbeFigures {
  readonly workers: number;
  readonly runs: readonly DrainFigures[];
}

/**
 * Short drains, repeated, at the default drain's limits (25/s, 500/min): how often freshly started
 * worker processes get throttled in the first seconds, which one drain per worker count cannot tell.
 */
export async function probeStartupThrottling(redis: Redis, redisUrl: string): Promise<ProbeFigures[]> {
  const figures: ProbeFigures[] = [];
  for (const workers of DRAIN_WORKER_COUNTS) {
    const runs: DrainFigures[] = [];
    for (let i = 0; i < PROBE_RUNS; i++) {
      runs.push(
        await runDrain({ events: PROBE_EVENTS, workers, perSecond: 25, perMinute: 500 }, redis, redisUrl),
      );
    }
    figures.push({ workers, runs });
  }
  return figures;
}
