import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSendRateLimiter, WINDOW_PADDING_MS, type SendScope } from './send-rate-limiter.js';

const NOW_MS = 1_700_000_000_000;
const SCOPE: SendScope = { appId: 'cli_a', tenantKey: 'tenant-1' };

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

  async function grantTimes(prefix: string, scope: SendScope = SCOPE): Promise<number[]> {
    const key = `${prefix}:{send-rate:${scope.appId}:${scope.tenantKey}}:log`;
    const log = await redis.zrange(key, 0, -1, 'WITHSCORES');
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
      await Promise.all(
        Array.from(
          { length: 35 },
          (_, i) => limiters[i % 4]?.acquire(SCOPE) ?? Promise.reject(new Error('no limiter')),
        ),
      );
      const times = await grantTimes(prefix);
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
    const first = await limiter.acquire(SCOPE);
    const [granted] = await grantTimes(prefix);
    // The first send takes 300 ms to be answered (Feishu may have seen it at any moment in between).
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.settle();
    const [answered] = await grantTimes(prefix);
    expect((answered ?? 0) - (granted ?? 0)).toBeGreaterThanOrEqual(290);
    await limiter.acquire(SCOPE);
    const times = await grantTimes(prefix);
    expect((times[1] ?? 0) - (answered ?? 0)).toBeGreaterThanOrEqual(1000 + WINDOW_PADDING_MS);
  });

  it('holds the per-minute limit too', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 5 }, prefix);
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire(SCOPE)));
    const sixth = limiter.acquire(SCOPE, AbortSignal.timeout(300));
    await expect(sixth).rejects.toMatchObject({ name: 'AbortError' });
    expect(await grantTimes(prefix)).toHaveLength(5);
  });

  it('grants nothing while paused', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 1000 }, prefix);
    await limiter.pause(SCOPE, 60_000);
    await expect(limiter.acquire(SCOPE, AbortSignal.timeout(200))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await grantTimes(prefix)).toHaveLength(0);
  });

  it('keeps the limits of two tenants of one app, and of one tenant of two apps, apart', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    const otherTenant = { appId: SCOPE.appId, tenantKey: 'tenant-2' };
    const otherApp = { appId: 'cli_b', tenantKey: SCOPE.tenantKey };
    await limiter.acquire(SCOPE);
    // Each of these waits a minute if it shares the first one's limit.
    await limiter.acquire(otherTenant, AbortSignal.timeout(2_000));
    await limiter.acquire(otherApp, AbortSignal.timeout(2_000));
    await expect(limiter.acquire(SCOPE, AbortSignal.timeout(300))).rejects.toMatchObject({
      name: 'AbortError',
    });
    for (const scope of [SCOPE, otherTenant, otherApp])
      expect(await grantTimes(prefix, scope)).toHaveLength(1);
    expect((await redis.keys(`${prefix}:*`)).sort()).toEqual([
      `${prefix}:{send-rate:cli_a:tenant-1}:log`,
      `${prefix}:{send-rate:cli_a:tenant-2}:log`,
      `${prefix}:{send-rate:cli_b:tenant-1}:log`,
    ]);
  });

  it('pauses only the tenant that was throttled', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 1000 }, prefix);
    await limiter.pause(SCOPE, 60_000);
    await limiter.acquire({ appId: SCOPE.appId, tenantKey: 'tenant-2' }, AbortSignal.timeout(2_000));
    await limiter.acquire({ appId: 'cli_b', tenantKey: SCOPE.tenantKey }, AbortSignal.timeout(2_000));
    await expect(limiter.acquire(SCOPE, AbortSignal.timeout(200))).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('cannot be made to share one limit by a colon in an app id or tenant key', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    await limiter.acquire({ appId: 'cli_a:x', tenantKey: 'y' });
    await limiter.acquire({ appId: 'cli_a', tenantKey: 'x:y' }, AbortSignal.timeout(2_000));
    expect(await redis.keys(`${prefix}:*`)).toHaveLength(2);
  });

  it.each([
    ['an empty app id', { appId: '', tenantKey: 'tenant-1' }],
    ['an empty tenant key', { appId: 'cli_a', tenantKey: '' }],
  ])('refuses a scope with %s and writes nothing', async (_, scope) => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    const refusal = 'a send rate scope needs an app id and a tenant key';
    await expect(limiter.acquire(scope)).rejects.toThrow(new TypeError(refusal));
    await expect(limiter.pause(scope, 1_000)).rejects.toThrow(new TypeError(refusal));
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  describe('at the edge of a window (fixed clock)', () => {
    function fixedClockLimiter(limits: { perSecond: number; perMinute: number }) {
      const prefix = `test-${randomUUID()}`;
      const clock = { now: NOW_MS };
      const limiter = createSendRateLimiter(redis, limits, prefix, () => clock.now);
      const refused = () =>
        expect(limiter.acquire(SCOPE, AbortSignal.timeout(100))).rejects.toMatchObject({
          name: 'AbortError',
        });
      return { prefix, clock, limiter, refused };
    }

    it('frees a per-minute slot exactly one padded minute after the grant, not a millisecond before', async () => {
      const { prefix, clock, limiter, refused } = fixedClockLimiter({ perSecond: 100, perMinute: 2 });
      await limiter.acquire(SCOPE);
      clock.now = NOW_MS + 10_000;
      await limiter.acquire(SCOPE);
      clock.now = NOW_MS + 60_000 + WINDOW_PADDING_MS - 1;
      await refused();
      clock.now = NOW_MS + 60_000 + WINDOW_PADDING_MS;
      await limiter.acquire(SCOPE, AbortSignal.timeout(2_000));
      // The second grant is still in the window: the next slot frees a padded minute after it.
      clock.now = NOW_MS + 70_000 + WINDOW_PADDING_MS - 1;
      await refused();
      clock.now = NOW_MS + 70_000 + WINDOW_PADDING_MS;
      await limiter.acquire(SCOPE, AbortSignal.timeout(2_000));
      expect(await grantTimes(prefix)).toEqual([
        NOW_MS + 60_000 + WINDOW_PADDING_MS,
        NOW_MS + 70_000 + WINDOW_PADDING_MS,
      ]);
    });

    it('frees a per-second slot exactly one padded second after the grant, not a millisecond before', async () => {
      const { prefix, clock, limiter, refused } = fixedClockLimiter({ perSecond: 2, perMinute: 100 });
      await limiter.acquire(SCOPE);
      await limiter.acquire(SCOPE);
      clock.now = NOW_MS + 1_000 + WINDOW_PADDING_MS - 1;
      await refused();
      clock.now = NOW_MS + 1_000 + WINDOW_PADDING_MS;
      await limiter.acquire(SCOPE, AbortSignal.timeout(2_000));
      expect(await grantTimes(prefix)).toEqual([NOW_MS, NOW_MS, NOW_MS + 1_000 + WINDOW_PADDING_MS]);
    });

    it('counts a settled grant from the moment it was settled', async () => {
      const { prefix, clock, limiter, refused } = fixedClockLimiter({ perSecond: 1, perMinute: 100 });
      const slot = await limiter.acquire(SCOPE);
      clock.now = NOW_MS + 700;
      await slot.settle();
      expect(await grantTimes(prefix)).toEqual([NOW_MS + 700]);
      clock.now = NOW_MS + 1_700 + WINDOW_PADDING_MS - 1;
      await refused();
      clock.now = NOW_MS + 1_700 + WINDOW_PADDING_MS;
      await limiter.acquire(SCOPE, AbortSignal.timeout(2_000));
    });

    it('holds grants back until exactly the end of a pause', async () => {
      const { prefix, clock, limiter, refused } = fixedClockLimiter({
        perSecond: 100,
        perMinute: 1000,
      });
      await limiter.pause(SCOPE, 3_000);
      clock.now = NOW_MS + 2_999;
      await refused();
      // A shorter pause asked later does not shorten it.
      await limiter.pause(SCOPE, 1);
      await refused();
      clock.now = NOW_MS + 3_000;
      await limiter.acquire(SCOPE, AbortSignal.timeout(2_000));
      expect(await grantTimes(prefix)).toEqual([NOW_MS + 3_000]);
    });
  });
});
