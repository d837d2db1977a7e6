/** What Redis keeps on disk: an append-only file, only periodic snapshots, nothing, or unknown. */
export type RedisPersistence = 'aof' | 'rdb' | 'none' | 'unknown';

export const REDIS_PERSISTENCE_STATES: readonly RedisPersistence[] = ['aof', 'rdb', 'none', 'unknown'];

/** The one command the probe sends; an ioredis client is one. */
export interface RedisCommander {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Runs `ask`; Redis refusing (an error reply: unknown command, NOPERM) gives `undefined`. */
async function unlessRefused<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') return undefined;
    throw error;
  }
}

async function configValue(redis: RedisCommander, key: string): Promise<string | undefined> {
  const reply = await redis.call('CONFIG', 'GET', key);
  const value = Array.isArray(reply) ? (reply[1] as unknown) : undefined;
  return typeof value === 'string' ? value : undefined;
}

async function fromConfig(redis: RedisCommander): Promise<RedisPersistence | undefined> {
  const [appendonly, save] = [await configValue(redis, 'appendonly'), await configValue(redis, 'save')];
  if (appendonly === 'yes') return 'aof';
  if (appendonly === undefined || save === undefined) return undefined;
  return save.trim() === '' ? 'none' : 'rdb';
}

/** `INFO persistence` shows whether the append-only file is on, but not the snapshot schedule. */
async function fromInfo(redis: RedisCommander): Promise<RedisPersistence> {
  const info = await redis.call('INFO', 'persistence');
  const aof = typeof info === 'string' ? /^aof_enabled:(\d)/m.exec(info)?.[1] : undefined;
  return aof === '1' ? 'aof' : 'unknown';
}

/**
 * Asks Redis what it keeps on disk (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/):
 * `CONFIG GET appendonly` and `save` first; managed Redis often refuses `CONFIG`, so then
 * `INFO persistence`; `unknown` when Redis refuses both. Rejects only when the connection fails.
 */
export async function probeRedisPersistence(redis: RedisCommander): Promise<RedisPersistence> {
  return (
    (await unlessRefused(() => fromConfig(redis))) ??
    (await unlessRefused(() => fromInfo(redis))) ??
    'unknown'
  );
}

/** From the least safe to the safest: `unknown` may be `none`, but is not known to be. */
const RISK_ORDER: readonly RedisPersistence[] = ['none', 'rdb', 'unknown', 'aof'];

/**
 * What a Redis Cluster keeps on disk, from each master's answer: the least safe of them, since each
 * master holds slots of its own and any one of them forgetting loses the events in its slots.
 */
export function leastSafe(states: readonly RedisPersistence[]): RedisPersistence {
  return RISK_ORDER.find((state) => states.includes(state)) ?? 'unknown';
}
