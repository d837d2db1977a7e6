import { randomUUID } from 'node:crypto';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { enqueueBurst } from '../drain/burst-jobs.js';
import { startWorkers } from '../drain/start-workers.js';
import { benchScript } from '../process/bench-script.js';
import { type NodeProcess, spawnNode } from '../process/spawn-node.js';
import { redisServerInfo, redisUsedMemory } from '../report/memory.js';
import { type ProcessSample, startProcessSampler } from '../report/process-sampler.js';
import { type CommandsPer, commandsPer, readCommandCalls } from '../report/redis-commands.js';
import { startStandInProcess } from '../stand-in/start-stand-in-process.js';
import { type JobRate, measureJobRate, waitForFinished } from './job-rate.js';

/** The worker's default `WORKER_CONCURRENCY`, used by both sides. */
export const CEILING_CONCURRENCY = 16;

/** "Very high": no limiter wait and no 429 at any rate this machine reaches. */
export const LIFTED_PER_SECOND = 1_000_000;
export const LIFTED_PER_MINUTE = 60_000_000;

export interface CeilingRun extends JobRate {
  readonly sample: ProcessSample;
  /** Redis bytes per job after the burst was enqueued. */
  readonly redisBytesPerJob: number;
  /** Redis commands per job while it drained (the harness's polling, a few a second, included). */
  readonly redisCommands: CommandsPer;
}

export interface CeilingFigures {
  readonly events: number;
  readonly concurrency: number;
  readonly emptyWorker: CeilingRun;
  readonly realWorker: CeilingRun;
}

async function timeOneWorker(
  events: number,
  redis: Redis,
  redisUrl: string,
  start: (prefix: string) => Promise<{ worker: NodeProcess; extra?: NodeProcess }>,
): Promise<CeilingRun> {
  const prefix = `bench-ceiling-${randomUUID()}`;
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  const sampler = startProcessSampler();
  let started: { worker: NodeProcess; extra?: NodeProcess } | undefined;
  try {
    const before = await redisUsedMemory(redis);
    await enqueueBurst(queue, events);
    const after = await redisUsedMemory(redis);
    const commandsBefore = await readCommandCalls(redis);
    started = await start(prefix);
    sampler.watch('worker', started.worker.pid);
    sampler.watch('redis', Number(await redisServerInfo(redis, 'process_id')));
    if (started.extra) sampler.watch('stand-in', started.extra.pid);
    await waitForFinished(queue, events, 120_000);
    const sample = await sampler.stop();
    const redisCommands = commandsPer(commandsBefore, await readCommandCalls(redis), events);
    return {
      ...(await measureJobRate(queue)),
      sample,
      redisBytesPerJob: (after - before) / events,
      redisCommands,
    };
  } finally {
    await sampler.stop();
    await started?.worker.stop('SIGTERM', 20_000);
    await started?.extra?.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** The baseline: a BullMQ Worker with an empty processor, our worker's settings, in a process of its own. */
export function spawnEmptyWorker(redisUrl: string, queuePrefix: string): NodeProcess {
  return spawnNode(benchScript('ceiling/empty-worker-process.js'), {
    env: { REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, WORKER_CONCURRENCY: String(CEILING_CONCURRENCY) },
  });
}

/** `count` of our worker processes with Feishu's limits lifted, sending to a stand-in started with none. */
export async function startLiftedWorkers(
  count: number,
  settings: { readonly redisUrl: string; readonly queuePrefix: string; readonly feishuUrl: string },
  execArgv?: readonly string[],
): Promise<NodeProcess[]> {
  return await startWorkers(count, {
    ...settings,
    perSecond: LIFTED_PER_SECOND,
    perMinute: LIFTED_PER_MINUTE,
    concurrency: CEILING_CONCURRENCY,
    ...(execArgv ? { execArgv } : {}),
  });
}

/** One of our worker processes drains `events` with Feishu's limits lifted, in it and in the stand-in. */
export async function runLiftedWorker(
  events: number,
  redis: Redis,
  redisUrl: string,
  execArgv?: readonly string[],
): Promise<CeilingRun> {
  return await timeOneWorker(events, redis, redisUrl, async (prefix) => {
    const standIn = await startStandInProcess({ perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 });
    const [worker] = await startLiftedWorkers(
      1,
      { redisUrl, queuePrefix: prefix, feishuUrl: standIn.url },
      execArgv,
    );
    if (!worker) throw new Error('no worker started');
    return { worker, extra: standIn.process };
  });
}

/**
 * One worker process with Feishu's limits lifted (in the worker and the stand-in) against a BullMQ
 * Worker with an empty processor: same Redis, concurrency and burst.
 */
export async function runCeiling(events: number, redis: Redis, redisUrl: string): Promise<CeilingFigures> {
  const emptyWorker = await timeOneWorker(events, redis, redisUrl, (prefix) =>
    Promise.resolve({
      worker: spawnEmptyWorker(redisUrl, prefix),
    }),
  );
  const realWorker = await runLiftedWorker(events, redis, redisUrl);
  return { events, concurrency: CEILING_CONCURRENCY, emptyWorker, realWorker };
}
