import { freePort } from '@feishu-welcome/dev-kit';
import { redisUrlFor, serverArgs, type OwnedRedisOptions, type RedisHandle } from './redis-handle.js';

const IMAGE = 'redis:7.4-alpine';

/** True when testcontainers can reach a Docker (or compatible) engine. */
export async function isContainerRuntimeReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts Redis in a container. The host port is fixed at start so that a stop and a start keep the
 * URL the product under test already holds.
 */
export async function startContainerRedis(options: OwnedRedisOptions = {}): Promise<RedisHandle> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const hostPort = await freePort();
  const container = await new GenericContainer(IMAGE)
    .withExposedPorts({ container: 6379, host: hostPort })
    .withCommand(['redis-server', ...serverArgs(options)])
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  let running = true;
  return {
    url: redisUrlFor(hostPort, options),
    source: 'testcontainers',
    async stop() {
      if (!running) return;
      await container.stop({ remove: false, timeout: 0 });
      running = false;
    },
    async start() {
      if (running) return;
      await container.restart();
      running = true;
    },
    async dispose() {
      await container.stop({ remove: true, timeout: 0 });
      running = false;
    },
  };
}
