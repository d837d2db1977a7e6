/**
 * A readiness probe: true while Redis answers PING within `timeoutMs`. It never rejects and never
 * waits longer than that, so `/readyz` always answers in time.
 */
export function createRedisReadiness(
  redis: { ping(): Promise<string> },
  timeoutMs: number,
): () => Promise<boolean> {
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
