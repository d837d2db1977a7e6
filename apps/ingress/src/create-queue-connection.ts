import { logRedisOutages, type Logger } from '@feishu-welcome/shared';
import { Redis } from 'ioredis';

/**
 * The ingress's Redis connection. Commands fail at once while Redis is unreachable instead of waiting
 * in an offline queue, so a request is answered 503 fast and Feishu retries it; ioredis keeps
 * reconnecting in the background (https://docs.bullmq.io/guide/going-to-production).
 */
export function createQueueConnection(redisUrl: string, log: Logger): Redis {
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  logRedisOutages(redis, log);
  return redis;
}

/** Resolves true once `redis` is ready, or false after `timeoutMs`; it never rejects. */
export async function waitUntilReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return await new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}
