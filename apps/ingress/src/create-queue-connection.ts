import {
  connectProcessRedis,
  type Logger,
  type RedisConnection,
  type RedisTarget,
} from '@feishu-welcome/shared';

/**
 * The ingress's Redis connection (one Redis or a cluster). Commands fail at once while Redis is
 * unreachable instead of waiting in an offline queue, so a request is answered 503 fast and Feishu
 * retries it; ioredis keeps reconnecting in the background
 * (https://docs.bullmq.io/guide/going-to-production). A `REDIS_CLUSTER` that is wrong about that Redis
 * ends the process with one line saying so.
 */
export function createQueueConnection(target: RedisTarget, log: Logger): RedisConnection {
  const role = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    reconnectDelayMs: (attempt: number) => Math.min(attempt * 100, 2_000),
  };
  return connectProcessRedis(target, role, log).redis;
}
