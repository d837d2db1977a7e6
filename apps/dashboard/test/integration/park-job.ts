import { DelayedError, type Job, type Queue } from 'bullmq';
import { runJobOnce } from './run-job-once.js';

/** Why a job waits, as the worker records it in the job's progress. */
export interface JobWait {
  readonly waiting: 'ticket' | 'tenant-limit' | 'throttled';
  readonly until: string;
}

/**
 * Adds an event job and runs it through a real BullMQ Worker that parks it the way the worker parks a
 * job that must wait: its progress says why and until when, and it goes to the delayed set until then
 * without spending an attempt.
 */
export async function parkJobLikeTheWorker(
  queue: Queue,
  redisUrl: string,
  data: Record<string, unknown>,
  wait: JobWait,
): Promise<Job> {
  return await runJobOnce(queue, redisUrl, data, async (job, token) => {
    await job.updateProgress(wait);
    await job.moveToDelayed(Date.parse(wait.until), token);
    throw new DelayedError();
  });
}
