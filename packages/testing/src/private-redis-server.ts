import { startRedisServer } from '@feishu-welcome/dev-kit';
import { redisUrlFor, serverArgs, type OwnedRedisOptions, type RedisHandle } from './redis-handle.js';

/**
 * Starts a private `redis-server` on a free loopback port, keeping nothing on disk. The run owns it,
 * so tests may stop and restart it. With `requirePass`, its `url` carries that password.
 */
export async function startPrivateRedisServer(options: OwnedRedisOptions = {}): Promise<RedisHandle> {
  const server = await startRedisServer({ args: serverArgs(options) });
  return {
    url: redisUrlFor(server.port, options),
    source: 'redis-server',
    start: () => server.start(),
    stop: () => server.stop(),
    dispose: () => server.stop(),
  };
}
