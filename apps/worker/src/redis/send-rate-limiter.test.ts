import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createSendRateLimiter,
  PLAN_SLACK_MS,
  WINDOW_PADDING_MS,
  type SendRateLimiter,
  type SendScope,
} from './send-rate-limiter.js';
import { windowPeak } from '../../test/window-peak.js';

const NOW_MS = 1_700_000_000_000;
const SCOPE: SendScope = { appId: 'cli_a', tenantKey: 'tenant-1' };

/**
 * Takes `ticket`'s turn as a delayed job does: asks, leaves for as long as it is told, asks again; once
 * granted, sends (for `sendMs`) and settles. Resolves how many times it asked.
 */
async function sendInTurn(
  limiter: SendRateLimiter,
  ticket: string,
  { scope = SCOPE, sendMs = 0 }: { scope?: SendScope; sendMs?: number } = {},
): Promise<number> {
  for (let asked = 1; ; asked++) {
    const turn = await limiter.takeTurn(scope, ticket);
    if (turn.kind === 'send') {
      if (sendMs > 0) await sleep(sendMs);
      await turn.settle();
      return asked;
    }
    await sleep(turn.waitMs);
  }
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

  const refusal = (reason: 'tenant-limit' | 'throttled') => ({ kind: 'wait', reason });

  it('never grants more than the per-second limit in any second, across many limiter instances, and asks each job back about once', async () => {
    const prefix = `test-${randomUUID()}`;
    // Four "processes", each with its own connection, sharing the limit through Redis.
    const clients = Array.from({ length: 4 }, () => new Redis(inject('redisUrl')));
    try {
      const limiters = clients.map((client) =>
        createSendRateLimiter(client, { perSecond: 10, perMinute: 1000 }, prefix),
      );
      const asked = await Promise.all(
        Array.from({ length: 35 }, (_, i) => {
          const limiter = limiters[i % 4];
          if (!limiter) throw new Error('no limiter');
          return sendInTurn(limiter, `job-${i}`, { sendMs: 5 });
        }),
      );
      const times = await grantTimes(prefix);
      expect(times).toHaveLength(35);
      expect(windowPeak(times, 1000 + WINDOW_PADDING_MS)).toBeLessThanOrEqual(10);
      // With a backlog it keeps close to the limit: 35 grants at 10/s need a bit over 3 windows.
      const spanMs = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(spanMs).toBeLessThan(3 * (1000 + WINDOW_PADDING_MS + PLAN_SLACK_MS) + 1000);
      // The first ten send at once; every other job is told its turn, and comes back for it, not in a
      // storm of asking again (a third ask is a turn that slid while it waited).
      expect(asked.filter((n) => n === 1)).toHaveLength(10);
      expect(Math.max(...asked)).toBeLessThanOrEqual(3);
    } finally {
      await Promise.all(clients.map((client) => client.quit()));
    }
  });

  it('spreads the turns of a backlog over the windows it needs, each told when its turn comes', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 5, perMinute: 1000 }, prefix);
    const turns = await Promise.all(
      Array.from({ length: 20 }, (_, i) => limiter.takeTurn(SCOPE, `job-${i}`)),
    );
    const waits = turns.map((turn) => (turn.kind === 'wait' ? turn.waitMs : 0)).sort((a, b) => a - b);
    // Five now, then five per padded second (and the slack), all told at the first ask.
    const window = 1000 + WINDOW_PADDING_MS + PLAN_SLACK_MS;
    for (const [i, wait] of waits.entries()) {
      expect(wait).toBeGreaterThan(Math.floor(i / 5) * window - 100);
      expect(wait).toBeLessThanOrEqual(Math.floor(i / 5) * window);
    }
  });

  it('counts a send from when it was answered, so a slow first send does not crowd the next window', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 100 }, prefix);
    const first = await limiter.takeTurn(SCOPE, 'job-1');
    if (first.kind !== 'send') throw new Error('the first send was refused');
    const [granted] = await grantTimes(prefix);
    // The first send takes 300 ms to be answered (Feishu may have seen it at any moment in between).
    await sleep(300);
    await first.settle();
    const [answered] = await grantTimes(prefix);
    expect((answered ?? 0) - (granted ?? 0)).toBeGreaterThanOrEqual(290);
    await sendInTurn(limiter, 'job-2');
    const times = await grantTimes(prefix);
    expect((times[1] ?? 0) - (answered ?? 0)).toBeGreaterThanOrEqual(1000 + WINDOW_PADDING_MS);
  });

  it('holds the per-minute limit too', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 5 }, prefix);
    await Promise.all(Array.from({ length: 5 }, (_, i) => sendInTurn(limiter, `job-${i}`)));
    const sixth = await limiter.takeTurn(SCOPE, 'job-6');
    expect(sixth).toMatchObject(refusal('tenant-limit'));
    expect(sixth.kind === 'wait' && sixth.waitMs).toBeGreaterThan(59_000);
    expect(await grantTimes(prefix)).toHaveLength(5);
  });

  it('grants nothing while paused, saying the scope is throttled and for how long', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 1000 }, prefix);
    await limiter.pause(SCOPE, 60_000);
    const turn = await limiter.takeTurn(SCOPE, 'job-1');
    expect(turn).toMatchObject(refusal('throttled'));
    expect(turn.kind === 'wait' && turn.waitMs).toBeGreaterThan(59_000);
    expect(await grantTimes(prefix)).toHaveLength(0);
  });

  it('keeps the limits of two tenants of one app, and of one tenant of two apps, apart', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    const otherTenant = { appId: SCOPE.appId, tenantKey: 'tenant-2' };
    const otherApp = { appId: 'cli_b', tenantKey: SCOPE.tenantKey };
    await sendInTurn(limiter, 'job-1');
    // Each of these waits a minute if it shares the first one's limit.
    expect(await limiter.takeTurn(otherTenant, 'job-2')).toMatchObject({ kind: 'send' });
    expect(await limiter.takeTurn(otherApp, 'job-3')).toMatchObject({ kind: 'send' });
    expect(await limiter.takeTurn(SCOPE, 'job-4')).toMatchObject(refusal('tenant-limit'));
    for (const scope of [SCOPE, otherTenant, otherApp])
      expect(await grantTimes(prefix, scope)).toHaveLength(1);
    const scopes = new Set((await redis.keys(`${prefix}:*`)).map((key) => key.replace(/:[a-z]+$/, '')));
    expect([...scopes].sort()).toEqual([
      `${prefix}:{send-rate:cli_a:tenant-1}`,
      `${prefix}:{send-rate:cli_a:tenant-2}`,
      `${prefix}:{send-rate:cli_b:tenant-1}`,
    ]);
  });

  it('pauses only the tenant that was throttled', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 100, perMinute: 1000 }, prefix);
    await limiter.pause(SCOPE, 60_000);
    const otherTenant = { appId: SCOPE.appId, tenantKey: 'tenant-2' };
    const otherApp = { appId: 'cli_b', tenantKey: SCOPE.tenantKey };
    expect(await limiter.takeTurn(otherTenant, 'job-1')).toMatchObject({ kind: 'send' });
    expect(await limiter.takeTurn(otherApp, 'job-2')).toMatchObject({ kind: 'send' });
    expect(await limiter.takeTurn(SCOPE, 'job-3')).toMatchObject(refusal('throttled'));
  });

  it('cannot be made to share one limit by a colon in an app id or tenant key', async () => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    await sendInTurn(limiter, 'job-1', { scope: { appId: 'cli_a:x', tenantKey: 'y' } });
    expect(await limiter.takeTurn({ appId: 'cli_a', tenantKey: 'x:y' }, 'job-2')).toMatchObject({
      kind: 'send',
    });
    expect(await redis.keys(`${prefix}:*:log`)).toHaveLength(2);
  });

  it.each([
    ['an empty app id', { appId: '', tenantKey: 'tenant-1' }],
    ['an empty tenant key', { appId: 'cli_a', tenantKey: '' }],
  ])('refuses a scope with %s and writes nothing', async (_, scope) => {
    const prefix = `test-${randomUUID()}`;
    const limiter = createSendRateLimiter(redis, { perSecond: 1, perMinute: 1 }, prefix);
    const refused = 'a send rate scope needs an app id and a tenant key';
    await expect(limiter.takeTurn(scope, 'job-1')).rejects.toThrow(new TypeError(refused));
    await expect(limiter.pause(scope, 1_000)).rejects.toThrow(new TypeError(refused));
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  describe('at the edge of a window (fixed clock)', () => {
    function fixedClockLimiter(limits: { perSecond: number; perMinute: number }) {
      const prefix = `test-${randomUUID()}`;
      const clock = { now: NOW_MS };
      const limiter = createSendRateLimiter(redis, limits, prefix, () => clock.now);
      /** Asks for `ticket`'s turn now, and settles it at once if granted. */
      const ask = async (ticket: string) => {
        const turn = await limiter.takeTurn(SCOPE, ticket);
        if (turn.kind === 'send') await turn.settle();
        return turn;
      };
      return { prefix, clock, limiter, ask };
    }
    const sends = { kind: 'send' };

    it('frees a per-minute slot exactly one padded minute after the grant, not a millisecond before', async () => {
      const { prefix, clock, ask } = fixedClockLimiter({ perSecond: 100, perMinute: 2 });
      expect(await ask('job-1')).toMatchObject(sends);
      clock.now = NOW_MS + 10_000;
      expect(await ask('job-2')).toMatchObject(sends);
      clock.now = NOW_MS + 60_000 + WINDOW_PADDING_MS - 1;
      expect(await ask('job-3')).toEqual({ kind: 'wait', reason: 'tenant-limit', waitMs: 1 });
      clock.now = NOW_MS + 60_000 + WINDOW_PADDING_MS;
      expect(await ask('job-3')).toMatchObject(sends);
      // The second grant is still in the window: the next slot frees a padded minute after it.
      clock.now = NOW_MS + 70_000 + WINDOW_PADDING_MS - 1;
      expect(await ask('job-4')).toMatchObject({ kind: 'wait', waitMs: 1 });
      clock.now = NOW_MS + 70_000 + WINDOW_PADDING_MS;
      expect(await ask('job-4')).toMatchObject(sends);
      expect(await grantTimes(prefix)).toEqual([
        NOW_MS + 60_000 + WINDOW_PADDING_MS,
        NOW_MS + 70_000 + WINDOW_PADDING_MS,
      ]);
    });

    it('frees a per-second slot exactly one padded second after the grant, not a millisecond before', async () => {
      const { prefix, clock, ask } = fixedClockLimiter({ perSecond: 2, perMinute: 100 });
      expect(await ask('job-1')).toMatchObject(sends);
      expect(await ask('job-2')).toMatchObject(sends);
      clock.now = NOW_MS + 1_000 + WINDOW_PADDING_MS - 1;
      expect(await ask('job-3')).toMatchObject({ kind: 'wait', waitMs: 1 });
      clock.now = NOW_MS + 1_000 + WINDOW_PADDING_MS;
      expect(await ask('job-3')).toMatchObject(sends);
      expect(await grantTimes(prefix)).toEqual([NOW_MS, NOW_MS, NOW_MS + 1_000 + WINDOW_PADDING_MS]);
    });

    it('never grants a turn the log refuses, even when the turn has come', async () => {
      const { prefix, clock, limiter, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 100 });
      const first = await limiter.takeTurn(SCOPE, 'job-1');
      // job-2's turn is planned from job-1's expected answer...
      expect(await ask('job-2')).toMatchObject({
        kind: 'wait',
        waitMs: 1_000 + WINDOW_PADDING_MS + PLAN_SLACK_MS,
      });
      // ...but job-1 is answered 100 ms later than expected: the log is right, and job-2 waits on.
      clock.now = NOW_MS + PLAN_SLACK_MS + 100;
      if (first.kind === 'send') await first.settle();
      clock.now = NOW_MS + 1_000 + WINDOW_PADDING_MS + PLAN_SLACK_MS + 99;
      expect(await ask('job-2')).toMatchObject({ kind: 'wait', reason: 'tenant-limit', waitMs: 1 });
      clock.now += 1;
      expect(await ask('job-2')).toMatchObject(sends);
      expect(await grantTimes(prefix)).toEqual([
        NOW_MS + PLAN_SLACK_MS + 100,
        NOW_MS + 1_000 + WINDOW_PADDING_MS + PLAN_SLACK_MS + 100,
      ]);
    });

    it('tells the jobs whose turn has come each when its own slot frees, not all the first one', async () => {
      const { clock, limiter, ask } = fixedClockLimiter({ perSecond: 2, perMinute: 100 });
      const sends = [await limiter.takeTurn(SCOPE, 'job-1'), await limiter.takeTurn(SCOPE, 'job-2')];
      expect(await ask('job-3')).toMatchObject({ kind: 'wait' });
      expect(await ask('job-4')).toMatchObject({ kind: 'wait' });
      // The two sends are answered 100 ms apart, both much later than expected.
      for (const [i, send] of sends.entries()) {
        clock.now = NOW_MS + 300 + 100 * i;
        if (send?.kind === 'send') await send.settle();
      }
      // Their turns come, slid by the late answers; the log has room for neither yet, and then for one
      // after the other: each is told its own.
      const turn = await limiter.takeTurn(SCOPE, 'job-3');
      clock.now += turn.kind === 'wait' ? turn.waitMs : 0;
      const [three, four] = [await ask('job-3'), await ask('job-4')];
      expect(three).toMatchObject({ kind: 'wait', reason: 'tenant-limit' });
      const firstFrees = three.kind === 'wait' ? three.waitMs : 0;
      expect(firstFrees).toBeGreaterThan(0);
      expect(four).toEqual({ kind: 'wait', reason: 'tenant-limit', waitMs: firstFrees + 100 });
      clock.now += firstFrees;
      expect(await ask('job-3')).toMatchObject({ kind: 'send' });
      expect(await ask('job-4')).toMatchObject({ kind: 'wait', waitMs: 100 });
    });

    it('counts a settled grant from the moment it was settled', async () => {
      const { prefix, clock, limiter, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 100 });
      const slot = await limiter.takeTurn(SCOPE, 'job-1');
      clock.now = NOW_MS + 700;
      if (slot.kind === 'send') await slot.settle();
      expect(await grantTimes(prefix)).toEqual([NOW_MS + 700]);
      clock.now = NOW_MS + 1_700 + WINDOW_PADDING_MS - 1;
      expect(await ask('job-2')).toMatchObject({ kind: 'wait', waitMs: 1 });
      clock.now = NOW_MS + 1_700 + WINDOW_PADDING_MS;
      expect(await ask('job-2')).toMatchObject(sends);
    });

    it('holds grants back until exactly the end of a pause', async () => {
      const { prefix, clock, limiter, ask } = fixedClockLimiter({ perSecond: 100, perMinute: 1000 });
      await limiter.pause(SCOPE, 3_000);
      clock.now = NOW_MS + 2_999;
      expect(await ask('job-1')).toEqual({ kind: 'wait', reason: 'throttled', waitMs: 1 });
      // A shorter pause asked later does not shorten it.
      await limiter.pause(SCOPE, 1);
      expect(await ask('job-2')).toMatchObject({ kind: 'wait', reason: 'throttled', waitMs: 1 });
      clock.now = NOW_MS + 3_000;
      expect(await ask('job-1')).toMatchObject(sends);
      expect(await grantTimes(prefix)).toEqual([NOW_MS + 3_000]);
    });

    it('moves the turns a pause falls on past its end, keeping their spacing', async () => {
      const { clock, limiter, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 1000 });
      expect(await ask('job-1')).toMatchObject(sends);
      const window = 1_000 + WINDOW_PADDING_MS;
      // job-2's turn is counted from its expected answer: job-3 comes a window and the slack after it.
      expect(await ask('job-2')).toMatchObject({ waitMs: window });
      expect(await ask('job-3')).toMatchObject({ waitMs: 2 * window + PLAN_SLACK_MS });
      // Feishu throttles: nothing for 5 s. job-2's turn moves to the pause's end, job-3's a window after.
      clock.now = NOW_MS + 500;
      await limiter.pause(SCOPE, 5_000);
      expect(await ask('job-2')).toEqual({ kind: 'wait', reason: 'throttled', waitMs: 5_000 });
      expect(await ask('job-3')).toMatchObject({ waitMs: 5_000 + window + PLAN_SLACK_MS });
      // A newcomer comes after both.
      expect(await ask('job-4')).toMatchObject({ waitMs: 5_000 + 2 * (window + PLAN_SLACK_MS) });
      clock.now = NOW_MS + 5_500;
      expect(await ask('job-2')).toMatchObject(sends);
    });

    it('spaces the turns it gives by how long the scope’s sends lately took to be answered', async () => {
      const { clock, limiter, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 1000 });
      const window = 1_000 + WINDOW_PADDING_MS;
      const first = await limiter.takeTurn(SCOPE, 'job-1');
      clock.now = NOW_MS + 300;
      if (first.kind === 'send') await first.settle();
      // The answer took 300 ms: job-2's turn comes a window after it, and job-3's a window after
      // job-2's expected answer, 300 ms after its turn.
      expect(await ask('job-2')).toMatchObject({ waitMs: window });
      expect(await ask('job-3')).toMatchObject({ waitMs: 2 * window + 300 });
    });

    it('forgets a ticket once it sends, even one whose turn had aged out of the plan', async () => {
      const { prefix, clock, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 1000 });
      const tag = `${prefix}:{send-rate:${SCOPE.appId}:${SCOPE.tenantKey}}`;
      const remembered = async (ticket: string) => ({
        planned: await redis.zscore(`${tag}:plan`, `job:${ticket}`),
        held: await redis.hexists(`${tag}:state`, `job:${ticket}`),
      });
      const forgotten = { planned: null, held: 0 };
      expect(await ask('job-1')).toMatchObject(sends);
      const turn = await ask('job-2');
      expect(await ask('job-3')).toMatchObject({ kind: 'wait' });
      expect(await remembered('job-3')).toMatchObject({ held: 1 });
      // job-2 comes back at its turn and sends.
      clock.now += turn.kind === 'wait' ? turn.waitMs : 0;
      expect(await ask('job-2')).toMatchObject(sends);
      expect(await remembered('job-2')).toEqual(forgotten);
      // job-3 comes back minutes late (its worker died): its turn has left the plan, not the state.
      clock.now += 5 * 60_000;
      expect(await ask('job-3')).toMatchObject(sends);
      expect(await remembered('job-3')).toEqual(forgotten);
    });

    it('slides the turns still to come when a send is answered later than planned', async () => {
      const { clock, limiter, ask } = fixedClockLimiter({ perSecond: 1, perMinute: 1000 });
      const window = 1_000 + WINDOW_PADDING_MS;
      const first = await limiter.takeTurn(SCOPE, 'job-1');
      expect(await ask('job-2')).toMatchObject({ waitMs: window + PLAN_SLACK_MS });
      expect(await ask('job-3')).toMatchObject({ waitMs: 2 * (window + PLAN_SLACK_MS) });
      clock.now = NOW_MS + PLAN_SLACK_MS + 200;
      if (first.kind === 'send') await first.settle();
      // Both later turns are 200 ms later now: job-2 will fit in the log when it comes.
      expect(await ask('job-2')).toMatchObject({ waitMs: window });
      expect(await ask('job-3')).toMatchObject({ waitMs: 2 * window + PLAN_SLACK_MS });
      clock.now += window;
      expect(await ask('job-2')).toMatchObject(sends);
    });
  });
});
