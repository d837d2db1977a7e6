import type { Redis } from 'ioredis';
import { type CommandsPer, commandsPer, readCommandCalls } from '../report/redis-commands.js';
import { readRedisInfo, redisCpuSeconds } from '../report/redis-info.js';
import { cpuPerThousand } from './redis-capacity.js';

/** What Redis spent on a measured stretch, per unit of work done in it. */
export interface RedisUsage {
  readonly units: number;
  /** CPU seconds of the redis-server process over the stretch (`INFO cpu`). */
  readonly cpuSeconds: number;
  readonly cpuSecondsPerThousand: number;
  /** Redis's average CPU over the stretch, in cores. */
  readonly cores: number;
  readonly commands: CommandsPer;
}

export interface RedisMeter {
  /** Ends the stretch: `units` events or jobs were done in it. */
  stop(units: number): Promise<RedisUsage>;
}

/**
 * Starts measuring Redis's CPU (`used_cpu_user` + `used_cpu_sys`) and commands (`INFO commandstats`).
 * The meter's own four INFO calls are counted too: nothing against the thousands of units measured.
 */
export async function startRedisMeter(redis: Redis): Promise<RedisMeter> {
  const cpuBefore = redisCpuSeconds(await readRedisInfo(redis, 'cpu'));
  const callsBefore = await readCommandCalls(redis);
  const startedAt = performance.now();
  return {
    async stop(units) {
      const elapsedS = (performance.now() - startedAt) / 1000;
      const cpuSeconds = redisCpuSeconds(await readRedisInfo(redis, 'cpu')) - cpuBefore;
      const commands = commandsPer(callsBefore, await readCommandCalls(redis), units);
      return {
        units,
        cpuSeconds,
        cpuSecondsPerThousand: cpuPerThousand(cpuSeconds, units),
        cores: cpuSeconds / elapsedS,
        commands,
      };
    },
  };
}
