import { randomUUID } from 'node:crypto';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { addJobs, makeBurstJobs } from '../drain/burst-jobs.js';
import { redisUsedMemory } from '../report/memory.js';
import { type RedisUsage, startRedisMeter } from './redis-meter.js';

/**
 * Writes per round trip in both baselines: the ingress's saturating load has 64 connections, so its
 * coalesced `addBulk` carries up to about that many jobs.
 */
export const BASELINE_BATCH = 64;

export interface BaselineWrites {
  /** The JSON of one job's data, as BullMQ stores it: what a plain SET is given. */
  readonly payloadBytes: number;
  /** `SET` of a payload of that size, pipelined `BASELINE_BATCH` at a time. */
  readonly set: RedisUsage;
  /** `used_memory`'s growth per SET key. */
  readonly setBytesPerKey: number;
  /** The same jobs the ingress would store, added straight with `Queue.addBulk`, `BASELINE_BATCH` a time. */
  readonly addBulk: RedisUsage;
  /** `used_memory`'s growth per job added. */
  readonly addBulkBytesPerJob: number;
}

/** The two baselines Redis's cost per event is read against: a plain SET and BullMQ's own add. */
export async function measureBaselines(
  redis: Redis,
  redisUrl: string,
  count: number,
): Promise<BaselineWrites> {
  const prefix = `bench-baseline-${randomUUID()}`;
  const jobs = makeBurstJobs(count, Date.now());
  const payloadBytes = Buffer.byteLength(JSON.stringify(jobs[0]?.data));
  const payload = 'x'.repeat(payloadBytes);

  const setBefore = await redisUsedMemory(redis);
  const setMeter = await startRedisMeter(redis);
  for (let i = 0; i < count; i += BASELINE_BATCH) {
    const end = Math.min(i + BASELINE_BATCH, count);
    const batch = Array.from({ length: end - i }, (_, j) => ['set', `${prefix}:set:${i + j}`, payload]);
    await redis.pipeline(batch).exec();
  }
  const set = await setMeter.stop(count);
  const setBytesPerKey = ((await redisUsedMemory(redis)) - setBefore) / count;

  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    await queue.waitUntilReady();
    const addBefore = await redisUsedMemory(redis);
    const addMeter = await startRedisMeter(redis);
    for (let i = 0; i < jobs.length; i += BASELINE_BATCH)
      await addJobs(queue, jobs.slice(i, i + BASELINE_BATCH));
    const addBulk = await addMeter.stop(count);
    const addBulkBytesPerJob = ((await redisUsedMemory(redis)) - addBefore) / count;
    return { payloadBytes, set, setBytesPerKey, addBulk, addBulkBytesPerJob };
  } finally {
    await queue.close();
  }
}
