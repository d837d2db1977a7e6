import type { Logger } from 'pino';
import { logRedisOutages, type RedisOutageLog } from '../logging/log-redis-outages.js';
import {
  createRedisConnection,
  type RedisConnection,
  type RedisRole,
  type RedisTarget,
} from './create-redis-connection.js';
import { exitOnWrongRedisMode } from './watch-redis-mode.js';

/**
 * A process's connection to the queue's Redis (one Redis or a cluster), watched as every process
 * watches it: an outage is logged once as it starts and once as it ends ({@link logRedisOutages}), and
 * a `REDIS_CLUSTER` that is wrong about that Redis ends the process with one line
 * ({@link exitOnWrongRedisMode}).
 */
export function connectProcessRedis(
  target: RedisTarget,
  role: RedisRole,
  log: Logger,
): { readonly redis: RedisConnection; readonly outages: RedisOutageLog } {
  const redis = createRedisConnection(target, role);
  const outages = logRedisOutages(redis, log);
  exitOnWrongRedisMode(redis, log);
  return { redis, outages };
}
