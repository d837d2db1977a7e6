import { logRedisOutages, type Logger } from '@feishu-welcome/shared';
import { Redis } from 'ioredis';

/**
 * The dashboard's one Redis connection, shared by the queue and the readiness probe. While Redis is
 * unreachable a page or API call fails at once rather than queueing behind the reconnect; the outage
 * is logged once as it starts and once as it ends, while ioredis keeps reconnecting.
 * A `Queue` never blocks, so it does not need BullMQ's `maxRetriesPerRequest: null`
 * (https://docs.bullmq.io/guide/going-to-production).
 */
export function createRedisConnection(redisUrl: string, log: Logger): Redis {
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  logRedisOutages(redis, log);
  return redis;
}
