import type { Redis } from 'ioredis';

/**
 * True while Redis answers PING within `timeoutMs`. Never rejects, so `/readyz` always has an answer,
 * and never waits longer than a probe's patience.
 */
export function createRedisReadiness(redis: Pick<Redis, 'ping'>, timeoutMs: number): () => Promise<boolean> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const answered = redis.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}
