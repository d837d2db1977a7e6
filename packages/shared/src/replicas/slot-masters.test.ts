import type { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { slotMasters } from './slot-masters.js';

const master = (port: number) => ({ options: { host: '10.0.0.1', port } }) as unknown as Redis;

/** A Cluster whose slot map gives slot `i` to `owners[i]` (each one `host:port` list, master first). */
function clusterOf(owners: (string[] | undefined)[], masters: Redis[]): Cluster {
  return { slots: owners, nodes: () => masters } as unknown as Cluster;
}

describe('slotMasters', () => {
  it('is each master named first for some slot, once, whichever replicas follow it', () => {
    const [a, b] = [master(7000), master(7001)];
    const cluster = clusterOf(
      [['10.0.0.1:7000', '10.0.0.1:7003'], ['10.0.0.1:7001'], undefined, ['10.0.0.1:7000']],
      [a, b],
    );
    expect(slotMasters(cluster)).toEqual([a, b]);
  });

  it('has a hole for a master of the map with no connection: one down, not replaced yet', () => {
    const a = master(7000);
    const cluster = clusterOf([['10.0.0.1:7000'], ['10.0.0.1:7002', '10.0.0.1:7005']], [a]);
    expect(slotMasters(cluster)).toEqual([a, undefined]);
  });

  it('is empty before the slot map is read', () => {
    expect(slotMasters(clusterOf([], [master(7000)]))).toEqual([]);
  });
});
