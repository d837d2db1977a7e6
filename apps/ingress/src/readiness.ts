import type { Redis } from 'ioredis';
import { withTimeout } from './with-timeout.js';

/** True while Redis answers a PING within `timeoutMs`. */
export function createRedisReadiness(redis: Redis, timeoutMs: number): () => Promise<boolean> {
  return async () => {
    try {
      return (await withTimeout(redis.ping(), timeoutMs, 'ping')) === 'PONG';
    } catch {
      return false;
    }
  };
}
