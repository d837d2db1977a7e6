import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { nodeAt } from './slot-masters.js';

/**
 * The node connection that performs the writes to `key`, on which `WAIT` must then be sent: for `WAIT`,
 * Redis counts the replication offset of that connection's own last write
 * (https://redis.io/docs/latest/commands/wait/). For a standalone Redis, the connection itself. For a
 * Cluster, the master owning the key's slot: ioredis routes a command on a key to the node named first
 * in `cluster.slots[slot]` (`host:port`), through the connection `cluster.nodes('all')` holds for
 * it. Throws when no known master owns the slot (the cluster's map is not loaded yet), so the event is
 * refused rather than acknowledged unconfirmed.
 */
export function writeNodeFor(connection: Redis | Cluster, key: string): Redis {
  if (!connection.isCluster) return connection as Redis;
  const cluster = connection as Cluster;
  const slot = calculateSlot(key);
  const owner = cluster.slots[slot]?.[0];
  // Among all the pool's nodes, as ioredis routes: just after a failover a MOVED names the new master in
  // the slot map at once, while the pool still counts it a replica until the map is read again.
  const node = owner === undefined ? undefined : nodeAt(cluster, owner, 'all');
  if (node === undefined) throw new Error(`no master known for slot ${slot}`);
  return node;
}
