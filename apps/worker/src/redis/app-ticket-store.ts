import type { Redis } from 'ioredis';

export interface AppTicketStore {
  /** Keeps `ticket` unless a ticket received later is already kept (jobs may finish out of order). */
  save(appId: string, ticket: string, receivedAt: number): Promise<void>;
}

/** KEYS: 1 ticket hash. ARGV: ticket, receivedAt. */
const SAVE_IF_NEWER = `
local current = tonumber(redis.call('HGET', KEYS[1], 'receivedAt') or '-1')
if tonumber(ARGV[2]) > current then
  redis.call('HSET', KEYS[1], 'ticket', ARGV[1], 'receivedAt', ARGV[2])
end
return 1
`;

/**
 * The marketplace app's latest `app_ticket`, which Feishu pushes hourly and the app_access_token call
 * needs. Source: https://open.feishu.cn/document/server-docs/application-v6/event/app_ticket-events
 */
export function createAppTicketStore(redis: Redis, prefix: string): AppTicketStore {
  const key = (appId: string) => `${prefix}:app-ticket:${appId}`;
  return {
    async save(appId, ticket, receivedAt) {
      await redis.eval(SAVE_IF_NEWER, 1, key(appId), ticket, receivedAt);
    },
  };
}
