import { FEISHU_EVENT_JOB_OPTIONS } from '@feishu-welcome/shared';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Enqueue } from './enqueue.js';
import { withTimeout } from './with-timeout.js';

/**
 * An {@link Enqueue} over BullMQ. The job id is the event's, so BullMQ itself refuses a second copy
 * (https://docs.bullmq.io/guide/jobs/job-ids). `redis` must be the connection `queue` uses: the
 * EXISTS goes out before the add on the same connection, which tells a re-delivery from a first one
 * within the same round trip. `timeoutMs` bounds the wait so Feishu hears 503 long before its 3 s.
 */
export function createBullmqEnqueue(queue: Queue, redis: Redis, timeoutMs: number): Enqueue {
  return async ({ jobId, data }) => {
    const existed = redis.exists(queue.toKey(jobId));
    const added = queue.add(data.eventType, data, { ...FEISHU_EVENT_JOB_OPTIONS, jobId });
    const [before] = await withTimeout(Promise.all([existed, added]), timeoutMs, 'enqueue');
    return before === 1 ? 'duplicate' : 'added';
  };
}
