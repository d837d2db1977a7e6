import { FEISHU_EVENT_JOB_OPTIONS } from '@feishu-welcome/shared';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Enqueue, EventJobRequest } from './enqueue.js';
import { withTimeout } from './with-timeout.js';

/** More than this many concurrent pushes are split across several writes. */
export const MAX_BATCH = 128;

interface Pending {
  readonly job: EventJobRequest;
  readonly resolve: (result: 'added' | 'duplicate') => void;
  readonly reject: (error: unknown) => void;
}

/**
 * An {@link Enqueue} over BullMQ that coalesces the jobs of concurrent requests: whatever arrives in
 * one turn of the event loop goes to Redis as one `addBulk` (one MULTI/EXEC), and each request is
 * answered only when that write has returned, so a 200 still means the job is stored.
 *
 * The job id is the event's, so BullMQ itself refuses a second copy
 * (https://docs.bullmq.io/guide/jobs/job-ids). `redis` must be the connection `queue` uses: the EXISTS
 * of each id goes out before the MULTI on the same connection, which tells a re-delivery from a first
 * one in the same round trip. `timeoutMs` bounds the wait so Feishu hears 503 long before its 3 s.
 */
export function createBullmqEnqueue(queue: Queue, redis: Redis, timeoutMs: number): Enqueue {
  let pending: Pending[] = [];

  async function write(batch: readonly Pending[]): Promise<void> {
    // The same event twice in one batch: the first is stored, the others are its duplicates.
    const first = new Map<string, Pending>();
    for (const item of batch) if (!first.has(item.job.jobId)) first.set(item.job.jobId, item);
    const unique = [...first.values()];
    try {
      // An explicit pipeline is written at once, before addBulk has even built its MULTI (which, unlike
      // single commands, does not wait in ioredis's auto-pipeline and could overtake them).
      const existed = redis
        .pipeline(unique.map(({ job }) => ['exists', queue.toKey(job.jobId)]))
        .exec()
        .then((replies) =>
          (replies ?? []).map(([error, count]) => {
            if (error) throw error;
            return count;
          }),
        );
      const added = queue.addBulk(
        unique.map(({ job }) => ({
          name: job.data.eventType,
          data: job.data,
          opts: { ...FEISHU_EVENT_JOB_OPTIONS, jobId: job.jobId },
        })),
      );
      const [before] = await withTimeout(Promise.all([existed, added]), timeoutMs, 'enqueue');
      unique.forEach((item, i) => item.resolve(before[i] === 1 ? 'duplicate' : 'added'));
      for (const item of batch) if (first.get(item.job.jobId) !== item) item.resolve('duplicate');
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    for (let i = 0; i < batch.length; i += MAX_BATCH) void write(batch.slice(i, i + MAX_BATCH));
  }

  return (job) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ job, resolve, reject });
    });
}
