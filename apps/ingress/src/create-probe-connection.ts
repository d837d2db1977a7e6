import type { RedisConnection } from '@feishu-welcome/shared';
import type { Cluster, Redis } from 'ioredis';

/** How often the probe of a Cluster reads the slot map again (`CLUSTER SLOTS`): a cheap command. */
const SLOTS_REFRESH_MS = 1_000;

/**
 * A connection of its own to count the replicas of the queue's master on: each `WAIT` holds the
 * queue's connection for a while. On a Cluster it reads the slot map again every second. It only
 * sends `INFO` straight to a node, never a command routed by key, so no MOVED tells it of a failover,
 * and the connection to a node that went down is dropped from its pool for good; ioredis reads the
 * map again on MOVED, or every `slotsRefreshInterval`, which is off by default
 * (https://github.com/redis/ioredis/blob/main/API.md#new-clusterstartupnodes-options). Without that,
 * after a failover the probe kept asking for a master it no longer knew, and `/readyz` stayed 503.
 */
export function createProbeConnection(redis: RedisConnection): RedisConnection {
  if (!redis.isCluster) return (redis as Redis).duplicate();
  return (redis as Cluster).duplicate([], { slotsRefreshInterval: SLOTS_REFRESH_MS });
}
