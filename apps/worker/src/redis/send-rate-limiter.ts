import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/**
 * The clock of every script: ARGV[1] in ms when a test fixes it, else Redis's own `TIME`, the one clock
 * every worker process shares whatever its own says.
 */
const SCRIPT_CLOCK = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * Grants one send if, counting it, no more than `perSecond` sends fall in the last second and no more
 * than `perMinute` in the last minute; else answers how many ms until a slot frees. The log of grants
 * is a sorted set scored by the script's clock, so every worker process shares one exact sliding window.
 * A grant at t counts in [t, t + window). A pause key (set after Feishu throttled us) holds every grant
 * back. KEYS: 1 grant log, 2 pause-until. ARGV: clock, perSecond, perMinute, secondWindowMs,
 * minuteWindowMs, member.
 */
const ACQUIRE_SCRIPT = `${SCRIPT_CLOCK}
local perSecond, perMinute = tonumber(ARGV[2]), tonumber(ARGV[3])
local secondMs, minuteMs = tonumber(ARGV[4]), tonumber(ARGV[5])
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
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], minuteMs + 1000)
return 0
`;

/**
 * KEYS: 1 grant log. ARGV: clock, member. Moves a grant to now, once its send has been answered:
 * Feishu saw the send at some moment between grant and answer, so counting it from the answer is never
 * too early. A grant already past the minute window is left gone (XX).
 */
const SETTLE_SCRIPT = `${SCRIPT_CLOCK}
return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[2])
`;

/** KEYS: 1 pause-until. ARGV: clock, ms. Extends the pause to now + ms (never shortens it). */
const PAUSE_SCRIPT = `${SCRIPT_CLOCK}
local untilMs = now + tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[2])) end
return untilMs
`;

/**
 * A send is granted here and reaches Feishu a little later, by a delay that varies; windows a little
 * longer than Feishu's keep two grants that were a window apart from arriving closer than that.
 */
export const WINDOW_PADDING_MS = 50;

/** Whose sends share one limit: Feishu counts them per app and per tenant. */
export interface SendScope {
  readonly appId: string;
  readonly tenantKey: string;
}

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
   * Waits until this process may send one message for `scope`, then takes the slot. Rejects with an
   * `AbortError` if `signal` aborts while it waits, and with a `TypeError` for a scope missing its app
   * or tenant.
   */
  acquire(scope: SendScope, signal?: AbortSignal): Promise<SendSlot>;
  /** Holds every sender of `scope`, in every process, back for `ms` (Feishu said we were too fast). */
  pause(scope: SendScope, ms: number): Promise<void>;
}

type LimiterRedis = Redis & {
  fwAcquireSendSlot(
    log: string,
    pause: string,
    clock: Clock,
    ...args: Array<string | number>
  ): Promise<number>;
  fwPauseSends(pause: string, clock: Clock, ms: number): Promise<number>;
  fwSettleSend(log: string, clock: Clock, member: string): Promise<number>;
};

/** A script's clock argument: a fixed time in ms, or '' for Redis's own. */
type Clock = number | '';

/**
 * Feishu's IM limits (50/s and 1000/min per app per tenant) held across all worker replicas.
 * Source: https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control
 *
 * `now` replaces Redis's clock, for tests of the window edges only: processes that do not share one
 * clock do not share one window.
 */
export function createSendRateLimiter(
  redis: Redis,
  limits: SendRateLimits,
  prefix: string,
  now?: () => number,
): SendRateLimiter {
  // Defining a command again (a second limiter on one connection) only replaces it with the same script.
  redis.defineCommand('fwAcquireSendSlot', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
  redis.defineCommand('fwPauseSends', { numberOfKeys: 1, lua: PAUSE_SCRIPT });
  redis.defineCommand('fwSettleSend', { numberOfKeys: 1, lua: SETTLE_SCRIPT });
  const client = redis as LimiterRedis;
  // Any argument that is not a number selects Redis's clock, so a mutated '' changes nothing.
  // Stryker disable next-line StringLiteral: equivalent
  const clock = (): Clock => now?.() ?? '';
  const keys = (scope: SendScope) => {
    if (!scope.appId || !scope.tenantKey) {
      throw new TypeError('a send rate scope needs an app id and a tenant key');
    }
    // Encoded, so that no app and tenant pair can spell another's key; hash tags keep both keys of a
    // scope in one Redis Cluster slot.
    const tag = `send-rate:${encodeURIComponent(scope.appId)}:${encodeURIComponent(scope.tenantKey)}`;
    return [`${prefix}:{${tag}}:log`, `${prefix}:{${tag}}:pause`] as const;
  };

  return {
    async acquire(scope, signal) {
      const [log, pause] = keys(scope);
      const member = randomUUID();
      for (;;) {
        signal?.throwIfAborted();
        const waitMs = await client.fwAcquireSendSlot(
          log,
          pause,
          clock(),
          limits.perSecond,
          limits.perMinute,
          1000 + WINDOW_PADDING_MS,
          60_000 + WINDOW_PADDING_MS,
          member,
        );
        if (waitMs === 0)
          return { settle: async () => void (await client.fwSettleSend(log, clock(), member)) };
        // A little jitter so that waiters in many processes do not all ask again at the same instant. Its
        // sign and size are not observable: a waiter that asks too early is told to wait again.
        // Stryker disable next-line ArithmeticOperator: equivalent
        await sleep(waitMs + Math.floor(Math.random() * 5), undefined, { signal });
      }
    },
    async pause(scope, ms) {
      await client.fwPauseSends(keys(scope)[1], clock(), Math.max(1, Math.ceil(ms)));
    },
  };
}
