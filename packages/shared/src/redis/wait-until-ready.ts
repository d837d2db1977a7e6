import type { RedisConnection } from './create-redis-connection.js';

/**
 * Resolves true once `redis` is ready (a Cluster: its slot map loaded), or false after `timeoutMs`; it
 * never rejects.
 */
export async function waitUntilReady(redis: RedisConnection, timeoutMs: number): Promise<boolean> {
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
