import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { writeNodeFor } from './write-node-for.js';

const node = (host: string, port: number) => ({ options: { host, port } }) as unknown as Redis;

/** A Cluster as far as the lookup reads it: the slot map and the masters' and replicas' connections. */
function fakeCluster(slots: Record<number, string[]>, masters: Redis[], replicas: Redis[] = []): Cluster {
  const map: string[][] = [];
  for (const [slot, keys] of Object.entries(slots)) map[Number(slot)] = keys;
  return {
    isCluster: true,
    slots: map,
    nodes: (role: string) =>
      role === 'master' ? masters : role === 'slave' ? replicas : [...masters, ...replicas],
  } as unknown as Cluster;
}

describe('writeNodeFor', () => {
  it('is the connection itself for a standalone Redis', () => {
    const redis = { isCluster: false } as unknown as Redis;
    expect(writeNodeFor(redis, '{bull}:feishu-events:')).toBe(redis);
  });

  it("is the master named first for the key's slot, the hash tag deciding the slot", () => {
    const [a, b] = [node('10.0.0.1', 7000), node('10.0.0.2', 7001)];
    const slot = calculateSlot('bull');
    const cluster = fakeCluster(
      { [slot]: ['10.0.0.2:7001', '10.0.0.3:7004'], [slot + 1]: ['10.0.0.1:7000'] },
      [a, b],
    );
    expect(writeNodeFor(cluster, '{bull}:feishu-events:')).toBe(b);
    expect(writeNodeFor(cluster, '{bull}:feishu-events:ingress-replication-mark')).toBe(b);
  });

  it('throws when no known master owns the slot, rather than wait on some other node', () => {
    const slot = calculateSlot('bull');
    expect(() => writeNodeFor(fakeCluster({}, [node('10.0.0.1', 7000)]), '{bull}:x')).toThrow(
      `no master known for slot ${slot}`,
    );
    expect(() =>
      writeNodeFor(fakeCluster({ [slot]: ['10.0.0.9:7000'] }, [node('10.0.0.1', 7000)]), '{bull}:x'),
    ).toThrow(/no master known/);
  });

  it('is the node the slot map names though the pool still counts it a replica (a MOVED after a failover)', () => {
    const [old, promoted] = [node('10.0.0.1', 7000), node('10.0.0.4', 7003)];
    const slot = calculateSlot('bull');
    const cluster = fakeCluster({ [slot]: ['10.0.0.4:7003'] }, [old], [promoted]);
    expect(writeNodeFor(cluster, '{bull}:feishu-events:')).toBe(promoted);
  });
});
