import { randomUUID } from 'node:crypto';
import { FEISHU_EVENTS_QUEUE } from '@feishu-welcome/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type LoadPlan, saturationAmount } from './load/load-plan.js';
import type { LoadResult } from './load/load-spec.js';
import { runLoad } from './load/run-load.js';
import { askHandled } from './process/ask-handled.js';
import { redisServerInfo, redisUsedMemory } from './report/memory.js';
import { startProcessSampler } from './report/process-sampler.js';
import { type CommandsPer, commandsPer, readCommandCalls } from './report/redis-commands.js';
import { startTarget } from './servers/start-target.js';
import { TARGET_KINDS, type RunningTarget, type TargetKind } from './servers/target.js';

export interface TargetFigures {
  readonly kind: TargetKind;
  readonly warmup: LoadResult;
  readonly max: LoadResult;
  readonly fixed: LoadResult;
  readonly nearMax: LoadResult;
  /** The rate of the near-max run: `nearMaxFraction` of this server's measured max. */
  readonly nearMaxRate: number;
  readonly peakRssBytes: number;
  /** CPU during the max run, in cores (1 = one core busy): the server, Redis, the load process. */
  readonly maxRunCpu: { readonly server: number; readonly redis: number; readonly load: number };
  /** 2xx answers over every run against this server, warm-up included. */
  readonly total2xx: number;
  /** Pushes sent twice over every run (0 means every request carried a new event id). */
  readonly totalRepeats: number;
  /** (c): jobs in Redis after the runs. (b): events the SDK handler saw. */
  readonly processed?: number;
  /** (c): growth of Redis used_memory per stored job over the runs. */
  readonly redisBytesPerJob?: number;
  /** (c): Redis commands per 2xx over the runs. */
  readonly redisCommands?: CommandsPer;
}

/** Every job under `prefix` in the events queue, whatever its state. */
export async function countJobs(redisUrl: string, prefix: string): Promise<number> {
  const queue = new Queue(FEISHU_EVENTS_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    const counts = await queue.getJobCounts();
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  } finally {
    await queue.close();
  }
}

async function loadTarget(target: RunningTarget, plan: LoadPlan, redisPid: number) {
  const saturate = (amount: number) =>
    runLoad({ url: target.url, connections: plan.saturationConnections, amount });
  const atRate = (overallRate: number) =>
    runLoad({
      url: target.url,
      connections: plan.rateConnections,
      amount: Math.round(overallRate * plan.durationS),
      overallRate,
    });
  const warmup = await saturate(plan.warmupRequests);
  const amount = saturationAmount(warmup.rps, plan.durationS);
  const cpu = startProcessSampler();
  cpu.watch('server', target.process.pid);
  cpu.watch('redis', redisPid);
  const max = await saturate(amount);
  const { cpuCores } = await cpu.stop();
  const maxRunCpu = {
    server: cpuCores['server'] ?? 0,
    redis: cpuCores['redis'] ?? 0,
    load: max.loadCpuCores,
  };
  const fixed = await atRate(plan.fixedRate);
  const nearMaxRate = Math.round(max.rps * plan.nearMaxFraction);
  const nearMax = await atRate(nearMaxRate);
  return { warmup, max, fixed, nearMax, nearMaxRate, maxRunCpu };
}

/** Loads one server: warm-up, max throughput, fixed 1,000/s, ~90% of its max; then its checks. */
export async function benchTarget(
  kind: TargetKind,
  plan: LoadPlan,
  redis: Redis,
  redisUrl: string,
): Promise<TargetFigures> {
  const prefix = `bench-ingress-${randomUUID()}`;
  const memoryBefore = await redisUsedMemory(redis);
  const commandsBefore = await readCommandCalls(redis);
  const target = await startTarget(kind, { redisUrl, queuePrefix: prefix });
  const sampler = startProcessSampler();
  sampler.watch(kind, target.process.pid);
  try {
    const runs = await loadTarget(target, plan, Number(await redisServerInfo(redis, 'process_id')));
    const all = [runs.warmup, runs.max, runs.fixed, runs.nearMax];
    const figures = {
      kind,
      ...runs,
      peakRssBytes: (await sampler.stop()).peakRssBytes[kind] ?? 0,
      total2xx: all.reduce((sum, run) => sum + run.status2xx, 0),
      totalRepeats: all.reduce((sum, run) => sum + run.repeats, 0),
    };
    if (kind === 'feishu-sdk') return { ...figures, processed: await askHandled(target.process.child) };
    if (kind !== 'ingress') return figures;
    const jobs = await countJobs(redisUrl, prefix);
    const memoryAfter = await redisUsedMemory(redis);
    return {
      ...figures,
      processed: jobs,
      redisCommands: commandsPer(commandsBefore, await readCommandCalls(redis), figures.total2xx),
      redisBytesPerJob: jobs > 0 ? (memoryAfter - memoryBefore) / jobs : Number.NaN,
    };
  } catch (error) {
    throw new Error(
      `${kind}: ${error instanceof Error ? error.message : String(error)}\n${target.process.output()}`,
      {
        cause: error,
      },
    );
  } finally {
    await sampler.stop();
    await target.process.stop();
  }
}

/** The three servers, one at a time, each in its own process. */
export async function benchIngress(
  plan: LoadPlan,
  redis: Redis,
  redisUrl: string,
  onTarget: (figures: TargetFigures) => void,
): Promise<TargetFigures[]> {
  const results: TargetFigures[] = [];
  for (const kind of TARGET_KINDS) {
    const figures = await benchTarget(kind, plan, redis, redisUrl);
    onTarget(figures);
    results.push(figures);
  }
  return results;
}
