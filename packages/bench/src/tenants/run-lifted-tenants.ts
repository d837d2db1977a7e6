import type { Redis } from 'ioredis';
import { type CeilingRun, LIFTED_PER_MINUTE, LIFTED_PER_SECOND } from '../ceiling/ceiling.js';
import { measureJobRate, waitForFinished } from '../ceiling/job-rate.js';
import { addJobs, makeBurstJobs } from '../drain/burst-jobs.js';
import { duplicatedReceivers } from '../drain/duplicated-receivers.js';
import { redisServerInfo, redisUsedMemory } from '../report/memory.js';
import { startProcessSampler } from '../report/process-sampler.js';
import { commandsPer, readCommandCalls } from '../report/redis-commands.js';
import { startStoreApp } from './start-store-app.js';

export interface LiftedTenantsRun extends CeilingRun {
  readonly tenants: number;
  readonly eventsPerTenant: number;
  readonly delivered: number;
  readonly duplicatedReceivers: number;
  /** Tenant tokens the stand-in issued: one per tenant the worker sent for. */
  readonly tokensIssued: number;
}

/**
 * One store-app worker process with Feishu's limits lifted (in it and in the stand-in) drains
 * `tenants` × `eventsPerTenant` events: the worker's own cost per send, with one tenant or many.
 * Timed by the jobs' own `processedOn` / `finishedOn`, like the queue-ceiling section.
 */
export async function runLiftedTenants(
  tenants: number,
  eventsPerTenant: number,
  redis: Redis,
  redisUrl: string,
): Promise<LiftedTenantsRun> {
  const app = await startStoreApp({
    redisUrl,
    workers: 1,
    standIn: { perSecond: 0, perMinute: 0, perReceiverPerSecond: 0 },
    perSecond: LIFTED_PER_SECOND,
    perMinute: LIFTED_PER_MINUTE,
  });
  const sampler = startProcessSampler();
  try {
    const now = Date.now();
    const jobs = Array.from({ length: tenants }).flatMap((_, i) =>
      makeBurstJobs(eventsPerTenant, now, `tenant-${i}`),
    );
    const tokensBefore = (await app.standIn.stats()).tokens_issued;
    const memoryBefore = await redisUsedMemory(redis);
    await addJobs(app.queue, jobs);
    const redisBytesPerJob = ((await redisUsedMemory(redis)) - memoryBefore) / jobs.length;
    const commandsBefore = await readCommandCalls(redis);
    app.workers.forEach((worker) => sampler.watch('worker', worker.pid));
    sampler.watch('stand-in', app.standIn.process.pid);
    sampler.watch('redis', Number(await redisServerInfo(redis, 'process_id')));
    await waitForFinished(app.queue, jobs.length, 120_000);
    const sample = await sampler.stop();
    const redisCommands = commandsPer(commandsBefore, await readCommandCalls(redis), jobs.length);
    const messages = await app.standIn.messages();
    return {
      ...(await measureJobRate(app.queue)),
      tenants,
      eventsPerTenant,
      sample,
      redisBytesPerJob,
      redisCommands,
      delivered: messages.length,
      duplicatedReceivers: duplicatedReceivers(messages),
      tokensIssued: (await app.standIn.stats()).tokens_issued - tokensBefore,
    };
  } finally {
    await sampler.stop();
    await app.stop();
  }
}
