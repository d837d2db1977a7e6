import type { Redis } from 'ioredis';
import { withTimeout } from '../with-timeout.js';

/**
 * The replicas a primary's `INFO replication` lists as `online` (`slave0:ip=…,port=…,state=online,…`):
 * those that finished their first sync and stream its writes, hence can acknowledge a `WAIT`
 * (https://redis.io/docs/latest/commands/info/). `connected_slaves` would also count one still syncing.
 */
export function onlineReplicas(info: string): number {
  return info.split(/\r?\n/).filter((line) => /^slave\d+:.*\bstate=online\b/.test(line)).length;
}

/**
 * A readiness check: true while the primary that `node()` reaches has at least `required` replicas
 * online, false when fewer, undefined when it cannot tell (no answer within `timeoutMs`). Never rejects.
 * `node()` should be a connection of its own: the queue's is held by each `WAIT`, up to its timeout.
 */
export function createReplicaReadiness(
  node: () => Redis,
  required: number,
  timeoutMs: number,
): () => Promise<boolean | undefined> {
  return async () => {
    try {
      return onlineReplicas(await withTimeout(node().info('replication'), timeoutMs, 'info')) >= required;
    } catch {
      return undefined;
    }
  };
}
