import { withTimeout, type Logger } from '@feishu-welcome/shared';
import { Gauge, type Registry } from 'prom-client';
import {
  REDIS_PERSISTENCE_STATES,
  leastSafe,
  probeRedisPersistence,
  type RedisCommander,
  type RedisPersistence,
} from './probe-redis-persistence.js';

const PROBE_TIMEOUT_MS = 5_000;

export interface WatchRedisPersistenceDeps {
  /**
   * The queue's connection: an ioredis client (`status`, its `ready` event, `call`), or a cluster,
   * whose `nodes('master')` are each asked (a `CONFIG GET` sent to the cluster reaches one node only).
   */
  readonly redis: RedisCommander & {
    readonly status: string;
    readonly isCluster?: boolean;
    nodes?(role: 'master'): RedisCommander[];
    on(event: 'ready', listener: () => void): unknown;
  };
  readonly registry: Registry;
  readonly log: Logger;
}

function report(log: Logger, state: RedisPersistence): void {
  switch (state) {
    case 'aof':
      log.info({ persistence: state }, 'redis keeps an append-only file');
      return;
    case 'rdb':
      log.warn(
        { persistence: state },
        'redis keeps only periodic snapshots: events acknowledged since the last one are lost if it restarts; run it with appendonly yes',
      );
      return;
    case 'none':
      log.warn(
        { persistence: state },
        'redis keeps nothing on disk: every acknowledged event not yet welcomed is lost when it restarts; run it with appendonly yes',
      );
      return;
    case 'unknown':
      log.warn(
        { persistence: state },
        'cannot tell whether redis keeps events on disk (it refused CONFIG): unless it runs with appendonly yes, acknowledged events are lost when it restarts',
      );
      return;
    default: {
      const unreachable: never = state;
      throw new Error(`unhandled persistence ${String(unreachable)}`);
    }
  }
}

/** What `redis` keeps on disk; for a cluster, the least safe of its masters. */
async function probe(redis: WatchRedisPersistenceDeps['redis']): Promise<RedisPersistence> {
  if (redis.isCluster !== true || redis.nodes === undefined) return await probeRedisPersistence(redis);
  return leastSafe(await Promise.all(redis.nodes('master').map((node) => probeRedisPersistence(node))));
}

/**
 * Checks what the queue's Redis keeps on disk each time the connection becomes ready (at start, and
 * after a reconnect, when Redis may have been restarted with another configuration). Events are
 * acknowledged to Feishu once stored in Redis, so a Redis that forgets on restart loses them; a state
 * other than `aof` is logged at warn, and `feishu_ingress_redis_persistence{state}` is 1 on the state
 * found (`unknown` until the first check). Resolves once the first check is done, if Redis is ready.
 */
export async function watchRedisPersistence(deps: WatchRedisPersistenceDeps): Promise<void> {
  const gauge = new Gauge({
    name: 'feishu_ingress_redis_persistence',
    help: 'What the queue Redis keeps on disk: 1 on the state found (aof, rdb, none, unknown)',
    labelNames: ['state'] as const,
    registers: [deps.registry],
  });
  const show = (found: RedisPersistence): void => {
    for (const state of REDIS_PERSISTENCE_STATES) gauge.set({ state }, state === found ? 1 : 0);
  };
  show('unknown');
  let last: RedisPersistence | undefined;
  const check = async (): Promise<void> => {
    const found = await withTimeout(probe(deps.redis), PROBE_TIMEOUT_MS, 'persistence probe').catch(
      () => undefined,
    );
    // The connection failed while asking: the next `ready` asks again.
    if (found === undefined) return;
    show(found);
    if (found !== last) report(deps.log, found);
    last = found;
  };
  deps.redis.on('ready', () => void check());
  if (deps.redis.status === 'ready') await check();
}
