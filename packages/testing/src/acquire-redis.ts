import { isContainerRuntimeReachable, startContainerRedis } from './container-redis.js';
import { hasRedisServerBinary } from '@feishu-welcome/dev-kit';
import { startPrivateRedisServer } from './private-redis-server.js';
import type { OwnedRedisOptions, RedisHandle } from './redis-handle.js';

export const NO_REDIS_MESSAGE = [
  'The tests need a Redis server and found none. Any one of these works:',
  '  - set REDIS_URL to a Redis the tests may write to (they use fresh queue names), or',
  '  - run a Docker engine, so testcontainers can start redis:7, or',
  '  - install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).',
].join('\n');

/**
 * A Redis server the tests may own and restart: a container when a Docker engine is reachable, else a
 * private `redis-server` on a free port.
 */
export async function startOwnedRedis(options: OwnedRedisOptions = {}): Promise<RedisHandle> {
  if (await isContainerRuntimeReachable()) return await startContainerRedis(options);
  if (hasRedisServerBinary()) return await startPrivateRedisServer(options);
  throw new Error(NO_REDIS_MESSAGE);
}

/**
 * The Redis for a test run: `REDIS_URL` when set (shared with others, so tests use fresh queue names
 * and never stop it), else one the run owns ({@link startOwnedRedis}).
 */
export async function acquireRedis(env: NodeJS.ProcessEnv = process.env): Promise<RedisHandle> {
  const url = env['REDIS_URL'];
  if (url) {
    const refuse = (): Promise<void> =>
      Promise.reject(
        new Error("a Redis given by REDIS_URL is not the tests' to stop; use startOwnedRedis()"),
      );
    return { url, source: 'REDIS_URL', stop: refuse, start: refuse, dispose: async () => {} };
  }
  return await startOwnedRedis();
}
