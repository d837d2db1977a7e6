import type { Queue } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';

export interface JobRate {
  readonly completed: number;
  readonly failed: number;
  /** From the first job taken (`processedOn`) to the last finished (`finishedOn`), by Redis's records. */
  readonly spanS: number;
  readonly jobsPerSecond: number;
}

/** Waits until `count` jobs are completed (or failed), within `timeoutMs`. */
export async function waitForFinished(queue: Queue, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    const finished = (counts['completed'] ?? 0) + (counts['failed'] ?? 0);
    if (finished >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${finished} of ${count} jobs finished in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Jobs per second over the span the jobs themselves record, so that process start-up and the harness's
 * polling do not count, and both workers compared are timed the same way.
 */
export async function measureJobRate(queue: Queue): Promise<JobRate> {
  const jobs = await queue.getJobs(['completed'], 0, -1);
  const counts = await queue.getJobCounts('completed', 'failed');
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const job of jobs) {
    first = Math.min(first, job.processedOn ?? first);
    last = Math.max(last, job.finishedOn ?? last);
  }
  const spanS = (last - first) / 1000;
  return {
    completed: counts['completed'] ?? 0,
    failed: counts['failed'] ?? 0,
    spanS,
    jobsPerSecond: jobs.length / spanS,
  };
}
