import type { ConfirmedField, RedisConnection } from '@feishu-welcome/shared';

/**
 * The marketplace app's `app_ticket`, which Feishu pushes hourly (and again on a resend) and the
 * app_access_token call needs. It lives in Redis because a push reaches one replica only, and every
 * replica needs it. Source: https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */
export interface AppTicketStore {
  /**
   * Keeps `ticket` unless a ticket pushed later is already kept or was dropped: jobs finish out of
   * order, and Feishu re-delivers old pushes. `pushedAt` is the push's own time (its `ts`), in ms.
   * Resolves whether it was kept.
   */
  save(appId: string, ticket: string, pushedAt: number): Promise<boolean>;
  /** The newest ticket, unless it was dropped since. */
  get(appId: string): Promise<string | undefined>;
  /** Forgets `ticket` (Feishu refused it) unless a newer one has replaced it; older pushes stay refused. */
  drop(appId: string, ticket: string): Promise<void>;
  /**
   * Claims the right to ask Feishu for a resend, at most once per `everyMs` across every replica;
   * resolves whether this caller got it.
   */
  claimResend(appId: string, everyMs: number): Promise<boolean>;
}

/** KEYS: 1 ticket hash. ARGV: ticket, pushedAt. The time stays when the ticket is dropped. */
const SAVE_IF_NEWER = `
local current = tonumber(redis.call('HGET', KEYS[1], 'pushedAt') or '-1')
if tonumber(ARGV[2]) > current then
  redis.call('HSET', KEYS[1], 'ticket', ARGV[1], 'pushedAt', ARGV[2])
  return 1
end
return 0
`;

/** KEYS: 1 ticket hash. ARGV: ticket. */
const DROP_IF_SAME = `
if redis.call('HGET', KEYS[1], 'ticket') == ARGV[1] then redis.call('HDEL', KEYS[1], 'ticket') end
return 1
`;

/** The hash that keeps an app's ticket (`ticket`) and when it was pushed (`pushedAt`). */
export function appTicketKey(prefix: string, appId: string): string {
  return `${prefix}:app-ticket:${appId}`;
}

/**
 * What proves, on a node, that the ticket pushed at `pushedAt` was saved there: its push time, or a
 * later one (a newer ticket replaced it, or dropped it since: the time stays, see `SAVE_IF_NEWER`).
 */
export function savedTicketField(prefix: string, appId: string, pushedAt: number): ConfirmedField {
  return { key: appTicketKey(prefix, appId), field: 'pushedAt', atLeast: pushedAt };
}

export function createAppTicketStore(redis: RedisConnection, prefix: string): AppTicketStore {
  const key = (appId: string) => appTicketKey(prefix, appId);
  return {
    async save(appId, ticket, pushedAt) {
      return (await redis.eval(SAVE_IF_NEWER, 1, key(appId), ticket, pushedAt)) === 1;
    },
    async get(appId) {
      return (await redis.hget(key(appId), 'ticket')) ?? undefined;
    },
    async drop(appId, ticket) {
      await redis.eval(DROP_IF_SAME, 1, key(appId), ticket);
    },
    async claimResend(appId, everyMs) {
      return (await redis.set(`${key(appId)}:resend`, '1', 'PX', everyMs, 'NX')) === 'OK';
    },
  };
}

/**
 * When an `app_ticket` push was made, in ms: its `ts` (seconds with a fraction, Feishu's clock), which
 * a re-delivery of the same push keeps; `receivedAt` when it has none.
 */
export function ticketPushedAt(ts: string | undefined, receivedAt: number): number {
  const seconds = Number(ts);
  return ts !== undefined && ts !== '' && Number.isFinite(seconds) && seconds > 0
    ? Math.round(seconds * 1000)
    : receivedAt;
}
