import type { Redis } from 'ioredis';
import type { LoadResult } from '../load/load-spec.js';
import { runLoad } from '../load/run-load.js';
import { readCommandCalls } from '../report/redis-commands.js';
import { type RedisUsage, startRedisMeter } from '../redis/redis-meter.js';

/** One measured round of one setting against its own ingress process. */
export interface ReplicasRun {
  /** ENQUEUE_MIN_REPLICAS of the ingress loaded. */
  readonly setting: number;
  /** 0-based; the same round of each setting ran back to back. */
  readonly round: number;
  readonly load: LoadResult;
  /** The primary's CPU and commands over the run, per 2xx. */
  readonly redis: RedisUsage;
  /** `WAIT` calls the primary ran during the run (`INFO commandstats` `cmdstat_wait`). */
  readonly waits: number;
}

/** Sends `amount` pushes over `connections` to `url` and reads what the primary ran meanwhile. */
export async function measureReplicasRun(
  primary: Redis,
  target: { readonly url: string; readonly setting: number },
  round: number,
  amount: number,
  connections: number,
): Promise<ReplicasRun> {
  const waitsBefore = (await readCommandCalls(primary)).get('wait') ?? 0;
  const meter = await startRedisMeter(primary);
  const load = await runLoad({ url: target.url, connections, amount });
  const redis = await meter.stop(load.status2xx);
  const waits = ((await readCommandCalls(primary)).get('wait') ?? 0) - waitsBefore;
  return { setting: target.setting, round, load, redis, waits };
}
