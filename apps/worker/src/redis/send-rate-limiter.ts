import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * Grants one send if, counting it, no more than `perSecond` sends fall in the last second and no more
 * than `perMinute` in the last minute; else answers how many ms until a slot frees. The log of grants
 * is a sorted set scored by Redis's own clock, so every worker process shares one exact sliding window
 * whatever its own clock says. A pause key (set after Feishu throttled us) holds every grant back.
 * KEYS: 1 grant log, 2 pause-until. ARGV: perSecond, perMinute, secondWindowMs, minuteWindowMs, member.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perSecond, perMinute = tonumber(ARGV[1]), tonumber(ARGV[2])
local secondMs, minuteMs = tonumber(ARGV[3]), tonumber(ARGV[4])
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return pausedUntil - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - minuteMs)
local inMinute = redis.call('ZCARD', KEYS[1])
if inMinute >= perMinute then
  local frees = redis.call('ZRANGE', KEYS[1], inMinute - perMinute, inMinute - perMinute, 'WITHSCORES')
  return math.max(1, tonumber(frees[2]) + minuteMs - now)
end
local inSecond = redis.call('ZCOUNT', KEYS[1], '(' .. (now - secondMs), '+inf')
if inSecond >= perSecond then
  local frees = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - secondMs), '+inf', 'WITHSCORES', 'LIMIT', inSecond - perSecond, 1)
  return math.max(1, tonumber(frees[2]) + secondMs - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], minuteMs + 1000)
return 0
`;

/**
 * KEYS: 1 grant log. ARGV: member. Moves a grant to now, once its send has been answered: Feishu saw
 * the send at some moment between grant and answer, so counting it from the answer is never too early.
 * A grant already past the minute window is left gone (XX).
 */
const SETTLE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
`;

/** KEYS: 1 pause-until. ARGV: ms. Extends the pause to now + ms (never shortens it). */
const PAUSE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1])) end
return untilMs
`;

/**
 * A send is granted here and reaches Feishu a little later, by a delay that varies; windows a little
 * longer than Feishu's keep two grants that were a window apart from arriving closer than that.
 */
export const WINDOW_PADDING_MS = 50;

export interface SendRateLimits {
  readonly perSecond: number;
  readonly perMinute: number;
}

/** A granted send. */
export interface SendSlot {
  /**
   * Call once the send has been answered (or has failed): the grant is then counted from now. Without
   * this, a send that reached Feishu late (a cold connection, a slow network) could land in the same
   * Feishu window as sends granted a full window after it.
   */
  settle(): Promise<void>;
}

export interface SendRateLimiter {
  /**
   * Waits until this process may send one message for `scope` (an app and tenant), then takes the slot.
   * Rejects with an `AbortError` if `signal` aborts while it waits.
   */
  acquire(scope: string, signal?: AbortSignal): Promise<SendSlot>;
  /** Holds every sender of `scope`, in every process, back for `ms` (Feishu said we were too fast). */
  pause(scope: string, ms: number): Promise<void>;
}

type LimiterRedis = Redis & {
  fwAcquireSendSlot(log: string, pause: string, ...args: Array<string | number>): Promise<number>;
  fwPauseSends(pause: string, ms: number): Promise<number>;
  fwSettleSend(log: string, member: string): Promise<number>;
};

/**
 * Feishu's IM limits (50/s and 1000/min per app per tenant) held across all worker replicas.
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 */
export function createSendRateLimiter(redis: Redis, limits: SendRateLimits, prefix: string): SendRateLimiter {
  const client = redis as LimiterRedis;
  if (!('fwAcquireSendSlot' in client)) {
    redis.defineCommand('fwAcquireSendSlot', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
    redis.defineCommand('fwPauseSends', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
    redis.defineCommand('fwSettleSend', { numberOfKeys: 1, lua: SETTLE_SCRIPT });
  }
  // Hash tags keep both keys of a scope in one Redis Cluster slot.
  const keys = (scope: string) =>
    [`${prefix}:{send-rate:${scope}}:log`, `${prefix}:{send-rate:${scope}}:pause`] as const;
  const processTag = randomUUID();
  let granted = 0;

  return {
    async acquire(scope, signal) {
      const [log, pause] = keys(scope);
      const member = `${processTag}:${granted++}`;
      for (;;) {
        signal?.throwIfAborted();
        const waitMs = await client.fwAcquireSendSlot(
          log,
          pause,
          limits.perSecond,
          limits.perMinute,
          1000 + WINDOW_PADDING_MS,
          60_000 + WINDOW_PADDING_MS,
          member,
        );
        if (waitMs === 0) return { settle: async () => void (await client.fwSettleSend(log, member)) };
        // A little jitter so that waiters in many processes do not all ask again at the same instant.
        await sleep(waitMs + Math.floor(Math.random() * 5), undefined, { signal });
      }
    },
    async pause(scope, ms) {
      await client.fwPauseSends(keys(scope)[1], Math.max(1, Math.ceil(ms)));
    },
  };
}
