import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '@feishu-welcome/dev-kit';
import { Redis } from 'ioredis';
import type { LoadPlan } from '../load/load-plan.js';
import { type BaselineWrites, measureBaselines } from './baseline-writes.js';
import { INGRESS_REDIS_PLAN, type IngressThrough, measureIngressThrough } from './ingress-through.js';
import { REDIS_MODES, type RedisMode } from './redis-modes.js';
import { WORKERS_REDIS_PLAN, type WorkersThrough, measureWorkersThrough } from './workers-through.js';

/** Writes in each baseline: enough for Redis's CPU to be read to a few percent. */
const BASELINE_WRITES = 20_000;

export interface RedisModeFigures {
  readonly mode: string;
  readonly baselines: BaselineWrites;
  readonly ingress: IngressThrough;
  readonly workers: WorkersThrough;
}

async function benchMode(
  mode: RedisMode,
  load: LoadPlan,
  progress: (text: string) => void,
): Promise<RedisModeFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-redis-'));
  const server = await startRedisServer({ args: [...mode.args, '--dir', dir] });
  const redis = new Redis(server.url);
  try {
    progress(`redis (${mode.label}): baselines, SET and addBulk`);
    const baselines = await measureBaselines(redis, server.url, BASELINE_WRITES);
    await redis.flushall();
    progress(`redis (${mode.label}): one ingress process`);
    const ingress = await measureIngressThrough(load, INGRESS_REDIS_PLAN, redis, server.url);
    await redis.flushall();
    progress(`redis (${mode.label}): ${WORKERS_REDIS_PLAN.workers} worker processes`);
    const workers = await measureWorkersThrough(WORKERS_REDIS_PLAN, redis, server.url);
    return { mode: mode.label, baselines, ingress, workers };
  } finally {
    redis.disconnect();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What one Redis spends on this workload, once per persistence mode, each on a private redis-server
 * of its own in a temporary data folder (removed afterwards).
 */
export async function benchRedis(
  load: LoadPlan,
  progress: (text: string) => void,
): Promise<RedisModeFigures[]> {
  const figures: RedisModeFigures[] = [];
  for (const mode of REDIS_MODES) figures.push(await benchMode(mode, load, progress));
  return figures;
}
