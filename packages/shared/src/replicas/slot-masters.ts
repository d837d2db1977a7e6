import type { Cluster, Redis } from 'ioredis';

/**
 * The cluster's connection to the master at `address` (`host:port`, as `cluster.slots` names nodes), or
 * undefined when it has none: ioredis names a slot's master first in `cluster.slots[slot]`, and keeps
 * the connection to it in `cluster.nodes('master')`, keyed alike by the node's host and port.
 */
export function masterAt(cluster: Cluster, address: string): Redis | undefined {
  return nodeAt(cluster, address, 'master');
}

/** The cluster's connection to the node at `address` among its nodes of `role`, or undefined. */
export function nodeAt(cluster: Cluster, address: string, role: 'master' | 'all'): Redis | undefined {
  return cluster.nodes(role).find(({ options }) => `${options.host}:${options.port}` === address);
}

/**
 * One entry per master that the cluster's slot map names as owning slots: its connection, or undefined
 * when the cluster has none to it. A master that went down is dropped from `cluster.nodes('master')`
 * (its connection does not reconnect), while the slot map still names it until the cluster has
 * replaced it and the map is read again: asking only the connections still held would skip it, and a
 * check over "every master" would pass with a third of the slots unserved.
 */
export function slotMasters(cluster: Cluster): (Redis | undefined)[] {
  const owners = new Set<string>();
  for (const nodes of cluster.slots) {
    const owner = nodes?.[0];
    if (owner !== undefined) owners.add(owner);
  }
  return [...owners].map((owner) => masterAt(cluster, owner));
}
