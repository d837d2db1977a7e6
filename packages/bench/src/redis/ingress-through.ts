import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { countJobs } from '../load-ingress.js';
import { type LoadPlan, saturationAmount } from '../load/load-plan.js';
import type { LoadResult } from '../load/load-spec.js';
import { runLoad } from '../load/run-load.js';
import { startProcessSampler } from '../report/process-sampler.js';
import { startTarget } from '../servers/start-target.js';
import { type RedisUsage, startRedisMeter } from './redis-meter.js';

/** Shorter than the ingress section's runs: this section measures Redis, not the ingress's latency. */
export interface IngressRedisPlan {
  readonly warmupRequests: number;
  readonly maxDurationS: number;
  readonly fixedRequests: number;
}

export const INGRESS_REDIS_PLAN: IngressRedisPlan = {
  warmupRequests: 5_000,
  maxDurationS: 6,
  fixedRequests: 5_000,
};

export interface IngressRun {
  readonly load: LoadResult;
  /** Per 2xx: each is a job stored. */
  readonly redis: RedisUsage;
}

export interface IngressThrough {
  /** Saturating: as many events as one ingress process acknowledges. */
  readonly max: IngressRun;
  /** The ingress process's CPU during the saturating run, in cores. */
  readonly maxIngressCores: number;
  /** At the load plan's fixed rate (1,000/s): small batches, the cost per event of a quiet day. */
  readonly fixed: IngressRun;
  readonly total2xx: number;
  /** Jobs in Redis after all runs: equal to `total2xx` when every acknowledged event was stored. */
  readonly jobs: number;
}

/** One webhook ingress process against `redisUrl`: a saturating run and one at the fixed rate. */
export async function measureIngressThrough(
  load: LoadPlan,
  plan: IngressRedisPlan,
  redis: Redis,
  redisUrl: string,
): Promise<IngressThrough> {
  const prefix = `bench-redis-ingress-${randomUUID()}`;
  const target = await startTarget('ingress', { redisUrl, queuePrefix: prefix });
  try {
    const saturate = (amount: number) =>
      runLoad({ url: target.url, connections: load.saturationConnections, amount });
    const warmup = await saturate(plan.warmupRequests);
    const maxAmount = saturationAmount(warmup.rps, plan.maxDurationS);
    const sampler = startProcessSampler();
    sampler.watch('ingress', target.process.pid);
    let meter = await startRedisMeter(redis);
    const maxLoad = await saturate(maxAmount);
    const max = { load: maxLoad, redis: await meter.stop(maxLoad.status2xx) };
    const maxIngressCores = (await sampler.stop()).cpuCores['ingress'] ?? Number.NaN;
    meter = await startRedisMeter(redis);
    const fixedLoad = await runLoad({
      url: target.url,
      connections: load.rateConnections,
      amount: plan.fixedRequests,
      overallRate: load.fixedRate,
    });
    const fixed = { load: fixedLoad, redis: await meter.stop(fixedLoad.status2xx) };
    const total2xx = warmup.status2xx + maxLoad.status2xx + fixedLoad.status2xx;
    return { max, maxIngressCores, fixed, total2xx, jobs: await countJobs(redisUrl, prefix) };
  } catch (error) {
    throw new Error(
      `ingress: ${error instanceof Error ? error.message : String(error)}\n${target.process.output()}`,
      {
        cause: error,
      },
    );
  } finally {
    await target.process.stop();
  }
}
