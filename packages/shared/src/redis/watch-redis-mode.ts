import type { Logger } from 'pino';
import type { RedisConnection } from './create-redis-connection.js';

/** What a Redis without cluster support answers a cluster client's `CLUSTER SLOTS`. */
const NOT_A_CLUSTER = /cluster support disabled/i;

export const SINGLE_REDIS_AS_CLUSTER =
  'REDIS_CLUSTER=true, but REDIS_URL is a single Redis (cluster support disabled): set REDIS_CLUSTER=false';
export const CLUSTER_AS_SINGLE_REDIS =
  'REDIS_URL is a node of a Redis Cluster, but REDIS_CLUSTER is not true: set REDIS_CLUSTER=true';

/**
 * Calls `onWrongMode` once, with a sentence naming the fix, when `redis` finds that `REDIS_CLUSTER`
 * says the wrong thing about the Redis at `REDIS_URL`. Neither mistake fixes itself: a cluster client
 * on a single Redis never becomes ready, and a single client on a cluster node reaches only that node's
 * slots (every other key answers MOVED), so half the events would fail. A single client asks
 * `INFO cluster` each time it connects (`cluster_enabled:1` on a cluster node); a Redis that refuses
 * INFO is taken at its word.
 */
export function watchRedisMode(redis: RedisConnection, onWrongMode: (problem: string) => void): void {
  let told = false;
  const tell = (problem: string): void => {
    if (told) return;
    told = true;
    onWrongMode(problem);
  };
  if (redis.isCluster) {
    redis.on('node error', (err: Error) => {
      if (NOT_A_CLUSTER.test(err.message)) tell(SINGLE_REDIS_AS_CLUSTER);
    });
    return;
  }
  redis.on('ready', () => {
    redis.info('cluster').then(
      (info) => {
        if (/^cluster_enabled:1/m.test(info)) tell(CLUSTER_AS_SINGLE_REDIS);
      },
      () => undefined,
    );
  });
}

/**
 * {@link watchRedisMode} for a process: the mistake is logged as one fatal line and the process exits
 * 1, as for any other configuration error, rather than running half-broken.
 */
export function exitOnWrongRedisMode(redis: RedisConnection, log: Logger): void {
  watchRedisMode(redis, (problem) => {
    log.fatal(problem);
    process.exit(1);
  });
}
