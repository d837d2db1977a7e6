import { randomUUID } from 'node:crypto';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { spawnEmptyWorker, startLiftedWorkers } from '../ceiling/ceiling.js';
import { type JobRate, measureJobRate, waitForFinished } from '../ceiling/job-rate.js';
import { enqueueBurst } from '../drain/burst-jobs.js';
import type { NodeProcess } from '../process/spawn-node.js';
import { startStandInProcess } from '../stand-in/start-stand-in-process.js';
import { type MemoryGrowth, memoryGrowth, snapshotMemory } from './memory-snapshot.js';
import { type RedisUsage, startRedisMeter } from './redis-meter.js';

/** Feishu's "Bot has NO availability to this user": a permanent failure, the job fails at once. */
const PERMANENT_FAILURE_CODE = 230013;

/** A drain's upper bound: far above what 2 processes need for the section's jobs on this machine. */
const DRAIN_TIMEOUT_MS = 120_000;

export interface WorkersPlan {
  readonly workers: number;
  /** Jobs drained by each kind of worker (completed). */
  readonly events: number;
  /** Jobs our workers then fail, for the size of a failed job. */
  readonly failures: number;
}

export const WORKERS_REDIS_PLAN: WorkersPlan = { workers: 2, events: 10_000, failures: 1_000 };

export interface WorkerDrain extends JobRate {
  readonly workers: number;
  /** Per job completed. */
  readonly redis: RedisUsage;
}

/** Redis memory per job, each phase against the one before it (workers stopped at every snapshot). */
export interface JobMemory {
  readonly events: number;
  /** Empty queue → every job waiting. */
  readonly queued: MemoryGrowth;
  /** Empty queue → every job completed (kept 48 h), each user's welcome recorded. */
  readonly completed: MemoryGrowth;
  readonly failures: number;
  /** Completed queue → `failures` more jobs failed (kept 14 days). */
  readonly failed: MemoryGrowth;
}

export interface WorkersThrough {
  /** The baseline: as many BullMQ Workers with an empty processor. */
  readonly empty: WorkerDrain;
  readonly ours: WorkerDrain;
  readonly memory: JobMemory;
}

async function stopAll(processes: readonly NodeProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.stop('SIGTERM', 20_000)));
}

/** Starts workers on a queue already holding `total` unfinished-or-finished jobs and times them. */
async function drain(
  queue: Queue,
  redis: Redis,
  workers: number,
  units: number,
  total: number,
  start: () => Promise<NodeProcess[]>,
): Promise<{ usage: RedisUsage; processes: NodeProcess[] }> {
  const meter = await startRedisMeter(redis);
  const processes = await start();
  try {
    await waitForFinished(queue, total, DRAIN_TIMEOUT_MS);
  } catch (error) {
    await stopAll(processes);
    throw new Error(
      `${workers} worker(s): ${error instanceof Error ? error.message : String(error)}\n${processes.map((p) => p.output()).join('\n')}`,
      { cause: error },
    );
  }
  return { usage: await meter.stop(units), processes };
}

async function withQueue<T>(redisUrl: string, run: (queue: Queue, prefix: string) => Promise<T>): Promise<T> {
  const prefix = `bench-redis-workers-${randomUUID()}`;
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    return await run(queue, prefix);
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** `plan.workers` BullMQ Workers with an empty processor, the real worker's settings: the queue's own cost. */
async function drainEmpty(plan: WorkersPlan, redis: Redis, redisUrl: string): Promise<WorkerDrain> {
  return await withQueue(redisUrl, async (queue, prefix) => {
    await enqueueBurst(queue, plan.events);
    const { usage, processes } = await drain(queue, redis, plan.workers, plan.events, plan.events, () =>
      Promise.resolve(Array.from({ length: plan.workers }, () => spawnEmptyWorker(redisUrl, prefix))),
    );
    await stopAll(processes);
    return { ...(await measureJobRate(queue)), workers: plan.workers, redis: usage };
  });
}

/**
 * Our worker processes with Feishu's limits lifted (in them and in the stand-in): a drain of
 * `plan.events` completed jobs, then `plan.failures` jobs failed by a permanent Feishu error, with
 * Redis's memory taken before, queued, completed and failed.
 */
async function drainOurs(
  plan: WorkersPlan,
  redis: Redis,
  redisUrl: string,
): Promise<{ ours: WorkerDrain; memory: JobMemory }> {
  const standIn = await startStandInProcess({ perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 });
  try {
    return await withQueue(redisUrl, async (queue, prefix) => {
      const start = () =>
        startLiftedWorkers(plan.workers, { redisUrl, queuePrefix: prefix, feishuUrl: standIn.url });
      const empty = await snapshotMemory(redis, prefix);
      await enqueueBurst(queue, plan.events);
      const queued = await snapshotMemory(redis, prefix);
      const first = await drain(queue, redis, plan.workers, plan.events, plan.events, start);
      await stopAll(first.processes);
      const rate = await measureJobRate(queue);
      const completed = await snapshotMemory(redis, prefix);

      await standIn.addFault({ kind: 'feishu-error', code: PERMANENT_FAILURE_CODE });
      await enqueueBurst(queue, plan.failures);
      const second = await drain(
        queue,
        redis,
        plan.workers,
        plan.failures,
        plan.events + plan.failures,
        start,
      );
      await stopAll(second.processes);
      const failedCount = (await queue.getJobCounts('failed'))['failed'] ?? 0;
      if (failedCount !== plan.failures) throw new Error(`${failedCount} of ${plan.failures} jobs failed`);
      const failed = await snapshotMemory(redis, prefix);
      return {
        ours: { ...rate, workers: plan.workers, redis: first.usage },
        memory: {
          events: plan.events,
          queued: memoryGrowth(empty, queued, plan.events),
          completed: memoryGrowth(empty, completed, plan.events),
          failures: plan.failures,
          failed: memoryGrowth(completed, failed, plan.failures),
        },
      };
    });
  } finally {
    await standIn.process.stop();
  }
}

/** Jobs through `plan.workers` processes: the empty BullMQ baseline, then ours, then memory per job. */
export async function measureWorkersThrough(
  plan: WorkersPlan,
  redis: Redis,
  redisUrl: string,
): Promise<WorkersThrough> {
  const empty = await drainEmpty(plan, redis, redisUrl);
  const { ours, memory } = await drainOurs(plan, redis, redisUrl);
  return { empty, ours, memory };
}
