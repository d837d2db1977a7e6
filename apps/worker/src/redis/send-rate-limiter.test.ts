import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSendRateLimiter, WINDOW_PADDING_MS } from './send-rate-limiter.js';

/** The most grants that fall in any window of `windowMs` (a grant at t is in [t, t + windowMs)). */
function peak(times: readonly number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('createSendRateLimiter (real Redis)', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis.quit();
  });

  async function grantTimes(prefix: string, scope: string): Promise<number[]> {
    const log = await redis.zrange(`${prefix}:{send-rate:${scope}}:log`, 0, -1, 'WITHSCORES');
    return log.filter((_, i) => i % 2 === 1).map(Number);
  }

  it('never grants more than the per-second limit in any second, across many limiter instances', async () => {
    const prefix = `test-${randomUUID()}`;
    // Four "processes", each with its own connection, sharing the limit through Redis.
    const clients = Array.from({ length: 4 }, () => new Redis(inject('redisUrl')));
    try {
      const limiters = clients.map((client) =>
        createSendRateLimiter(client, { perSecond: 10, perMinute: 1000 }, prefix),
      );
      await Promise.all(Array.from({ length: 35 }, (_, i) => limiters[i % 4]?.acquire('app:tenant')));
      const times = await grantTimes(prefix, 'app:tenant');
      expect(times).toHaveLength(35);
      expect(peak(times, 1000 + WINDOW_PADDING_MS)).toBeLessThanOrEqual(10);
      // With a backlog it keeps close to the limit: 35 grants at 10/s need a bit over 3 windows.
      const spanMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(spanMs).toBeLessThan(3 * (1000 + WINDOW_PADDING_MS) + 1000);
    } finally {
      await Promise.all(clients.map((client) => client.quit()));
    }
  });

  it('counts a send from when it was answered, so a slow first send does not crowd the next window', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 100 }, prefix);
    const first = await limiter.acquire('s');
    const [granted] = await grantTimes(prefix, 's');
    // The first send takes 300 ms to be answered (Feishu may have seen it at any moment in between).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.settle();
    const [answered] = await grantTimes(prefix, 's');
    expect((answered ?? 0) - (granted ?? 0)).toBeGreaterThanOrEqual(290);
    await limiter.acquire('s');
    const times = await grantTimes(prefix, 's');
    expect((times[1] ?? 0) - (answered ?? 0)).toBeGreaterThanOrEqual(1000 + WINDOW_PADDING_MS);
  });

  it('holds the per-minute limit too', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 5 }, prefix);
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('s')));
    const sixth = limiter.acquire('s', AbortSignal.timeout(300));
    await expect(sixth).rejects.toMatchObject({ name: 'AbortError' });
    expect(await grantTimes(prefix, 's')).toHaveLength(5);
  });

  it('keeps scopes apart', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    await limiter.acquire('tenant-a');
    await limiter.acquire('tenant-b');
    expect(await grantTimes(prefix, 'tenant-a')).toHaveLength(1);
  });

  it('grants nothing while paused', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 1000 }, prefix);
    await limiter.pause('s', 60_000);
    await expect(limiter.acquire('s', AbortSignal.timeout(200))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await grantTimes(prefix, 's')).toHaveLength(0);
  });
});
