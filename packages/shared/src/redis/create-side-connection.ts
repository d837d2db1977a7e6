import type { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from './create-redis-connection.js';

/** How often a side connection to a Cluster reads the slot map again (`CLUSTER SLOTS`): a cheap command. */
const SLOTS_REFRESH_MS = 1_000;

/**
 * A connection of its own to the same Redis, for `WAIT` and the replica checks: each `WAIT` blocks the
 * connection it is sent on, and on a process's shared one it would hold everything else behind it.
 * `maxRetriesPerRequest` overrides the original's (a worker's is unlimited, as BullMQ needs).
 *
 * On a Cluster it reads the slot map again every second. Such a connection sends its commands straight
 * to a node (`WAIT`, `INFO`, the mark before a `WAIT`), never routed by key, so no MOVED tells it of a
 * failover, and the connection to a node that went down is dropped from its pool for good; ioredis
 * reads the map again on MOVED, or every `slotsRefreshInterval`, which is off by default
 * (https://github.com/redis/ioredis/blob/main/API.md#new-clusterstartupnodes-options). Without it, after
 * a failover it kept asking a master it no longer knew, and `/readyz` stayed 503.
 */
export function createSideConnection(
  redis: RedisConnection,
  overrides: { readonly maxRetriesPerRequest?: number } = {},
): RedisConnection {
  if (!redis.isCluster) return (redis as Redis).duplicate(overrides);
  const cluster = redis as Cluster;
  return cluster.duplicate([], {
    slotsRefreshInterval: SLOTS_REFRESH_MS,
    redisOptions: { ...cluster.options.redisOptions, ...overrides },
  });
}
