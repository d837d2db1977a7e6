import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import type { StandInStats } from '@feishu-welcome/feishu-stand-in';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisUsedMemory } from '../report/memory.js';
import { startProcessSampler } from '../report/process-sampler.js';
import { startStandInProcess } from '../stand-in/start-stand-in-process.js';
import { enqueueBurst } from './burst-jobs.js';
import { duplicatedReceivers } from './duplicated-receivers.js';
import { minimumDrainSeconds } from './minimum-drain.js';
import { startWorkers } from './start-workers.js';
import { WINDOW_PADDING_S } from './worker-windows.js';

export interface DrainSpec {
  readonly events: number;
  readonly workers: number;
  readonly perSecond: number;
  readonly perMinute: number;
}

export interface DrainFigures extends DrainSpec {
  /** The least the limits allow, first send to last (see `minimumDrainSeconds`). */
  readonly minimumS: number;
  /** The same under the worker's own padded windows: the floor its limiter aims at. */
  readonly workerFloorS: number;
  /** Workers spawned → last message at the stand-in. */
  readonly wallS: number;
  /** First message → last message at the stand-in. */
  readonly firstToLastS: number;
  readonly delivered: number;
  /** Receivers with more than one message, and the extra messages they got. */
  readonly duplicatedReceivers: number;
  readonly stats: StandInStats;
  /** When each throttled send reached the stand-in, in s after the first message. */
  readonly throttledAtS: readonly number[];
  readonly completed: number;
  readonly failed: number;
  readonly redisBytesPerJob: number;
  /** Peak RSS of the largest worker process. */
  readonly workerPeakRssBytes: number;
}

/** Polls until `events` messages are delivered, or the deadline. */
export async function waitForDelivered(
  read: () => Promise<StandInStats>,
  events: number,
  deadlineMs: number,
) {
  for (;;) {
    const stats = await read();
    if (stats.delivered >= events) return;
    if (Date.now() > deadlineMs)
      throw new Error(`only ${stats.delivered} of ${events} delivered by the deadline`);
    await sleep(200);
  }
}

/**
 * One drain: a burst enqueued first, then `workers` worker processes started together, timed until the
 * last message reaches a stand-in that enforces the same limits the workers are told.
 */
export async function runDrain(spec: DrainSpec, redis: Redis, redisUrl: string): Promise<DrainFigures> {
  const prefix = `bench-drain-${randomUUID()}`;
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  const standIn = await startStandInProcess({ perSecond: spec.perSecond, perMinute: spec.perMinute });
  const sampler = startProcessSampler();
  let workers: Awaited<ReturnType<typeof startWorkers>> = [];
  try {
    const memoryBefore = await redisUsedMemory(redis);
    await enqueueBurst(queue, spec.events);
    const redisBytesPerJob = ((await redisUsedMemory(redis)) - memoryBefore) / spec.events;

    const minimumS = minimumDrainSeconds(spec.events, spec.perSecond, spec.perMinute);
    const startedAt = Date.now();
    workers = await startWorkers(spec.workers, {
      redisUrl,
      queuePrefix: prefix,
      feishuUrl: standIn.url,
      perSecond: spec.perSecond,
      perMinute: spec.perMinute,
    });
    workers.forEach((worker, i) => sampler.watch(`worker ${i}`, worker.pid));
    await waitForDelivered(() => standIn.stats(), spec.events, startedAt + minimumS * 1500 + 60_000);

    const messages = await standIn.messages();
    const throttledAt = (await standIn.requests())
      .filter((request) => request.outcome === 'throttled')
      .map((request) => request.at);
    const times = messages.map((message) => message.received_at);
    // Give the last jobs a moment to be marked completed after their send.
    await sleep(500);
    const counts = await queue.getJobCounts('completed', 'failed');
    const { peakRssBytes: peaks } = await sampler.stop();
    return {
      ...spec,
      minimumS,
      workerFloorS: minimumDrainSeconds(spec.events, spec.perSecond, spec.perMinute, {
        secondS: 1 + WINDOW_PADDING_S,
        minuteS: 60 + WINDOW_PADDING_S,
      }),
      wallS: (Math.max(...times) - startedAt) / 1000,
      firstToLastS: (Math.max(...times) - Math.min(...times)) / 1000,
      delivered: messages.length,
      throttledAtS: throttledAt.map((at) => (at - Math.min(...times)) / 1000),
      duplicatedReceivers: duplicatedReceivers(messages),
      stats: await standIn.stats(),
      completed: counts['completed'] ?? 0,
      failed: counts['failed'] ?? 0,
      redisBytesPerJob,
      workerPeakRssBytes: Math.max(0, ...Object.values(peaks)),
    };
  } finally {
    await sampler.stop();
    await Promise.all(workers.map((worker) => worker.stop('SIGTERM', 20_000)));
    await standIn.process.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
