import { FEISHU_EVENTS_QUEUE, createRedisConnection, type RedisTarget } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';

/** Where the test event's job is, as far as the queue tells. */
export type JobReport =
  | { readonly state: 'missing' }
  | {
      readonly state: 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'other';
      /** Attempts that ended in an error so far. */
      readonly attemptsMade: number;
      /** The last error: why it failed, or why the attempt before the next one did. */
      readonly failedReason: string | undefined;
      /** Workers connected to the queue, counted only for a job still waiting. */
      readonly workers: number | undefined;
    };

/** Reads one job's state from the queue; `close` lets the process end. */
export interface JobProbe {
  read(jobId: string): Promise<JobReport>;
  close(): Promise<void>;
}

const KNOWN_STATES = new Set(['waiting', 'active', 'delayed', 'completed', 'failed']);

/**
 * A probe on the events queue at `target` (one Redis or a cluster) under `prefix` (BullMQ's, as the
 * ingress derives it from `QUEUE_PREFIX`). It only reads. Connection errors surface from `read`, never
 * as unhandled events; after one, it reads no more.
 */
export function openJobProbe(target: RedisTarget, prefix: string): JobProbe {
  // Fail a read fast rather than queue it while Redis is away: the sender keeps watching the stand-in.
  const connection = createRedisConnection(target, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeoutMs: 2_000,
    // No reconnecting: BullMQ waits for a connection until it is ready or ended, so a Redis that never
    // answers (down, an untrusted certificate, a refused password) would hold the first read forever.
    reconnectDelayMs: () => null,
  });
  connection.on('error', () => {
    // Reported by the next read.
  });
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { prefix, connection });
  queue.on('error', () => {
    // Reported by the next read.
  });
  return {
    async read(jobId) {
      // The state first, then the job: read the other way round, a job failing in between was reported
      // failed with the fields it had before (0 attempts, no reason).
      const state = await queue.getJobState(jobId);
      const job = await queue.getJob(jobId);
      if (state === 'unknown' || job === undefined) return { state: 'missing' };
      const known = KNOWN_STATES.has(state)
        ? (state as Exclude<JobReport['state'], 'missing' | 'other'>)
        : 'other';
      return {
        state: known,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason || undefined,
        workers: known === 'waiting' ? await queue.getWorkersCount() : undefined,
      };
    },
    async close() {
      await queue.close();
      // BullMQ leaves a connection it was given to its owner.
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
