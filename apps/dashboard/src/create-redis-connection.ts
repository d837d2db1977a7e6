import {
  connectProcessRedis,
  type Logger,
  type RedisConnection,
  type RedisTarget,
} from '@feishu-welcome/shared';

/**
 * The dashboard's one Redis connection (one Redis or a cluster), shared by the queue and the readiness
 * probe. While Redis is unreachable a page or API call fails at once rather than queueing behind the
 * reconnect; the outage is logged once as it starts and once as it ends, while ioredis keeps
 * reconnecting. A `Queue` never blocks, so it does not need BullMQ's `maxRetriesPerRequest: null`
 * (https://docs.bullmq.io/guide/going-to-production). A `REDIS_CLUSTER` that is wrong about that Redis
 * ends the process with one line saying so.
 */
export function createRedisConnection(target: RedisTarget, log: Logger): RedisConnection {
  const role = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    reconnectDelayMs: (attempt: number) => Math.min(attempt * 250, 5_000),
  };
  return connectProcessRedis(target, role, log).redis;
}
