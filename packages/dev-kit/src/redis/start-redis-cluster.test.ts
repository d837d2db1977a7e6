import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startRedisCluster } from './start-redis-cluster.js';

describe('startRedisCluster with tls', () => {
  it(
    'forms a cluster over TLS, replicas in sync over TLS too, whose nodes refuse a client without the password',
    { timeout: 60_000 },
    async () => {
      const cluster = await startRedisCluster({ tls: { password: 'cl/p@ss' }, replicasPerMaster: 1 });
      try {
        expect(cluster.nodes).toHaveLength(6);
        const { port } = new URL(cluster.url);
        expect(new URL(cluster.url).protocol).toBe('rediss:');
        const cli = (args: readonly string[]) =>
          spawnSync(
            'redis-cli',
            ['--tls', '--cacert', cluster.caFile ?? '', '-p', port, '--no-auth-warning', ...args],
            {
              encoding: 'utf8',
            },
          ).stdout;
        // -c follows MOVED to the key's node: all three masters answer, over TLS, with the password.
        const login = ['--user', 'app', '--pass', 'cl/p@ss', '-c'];
        for (const key of ['a', 'b', 'c']) expect(cli([...login, 'set', key, key]).trim()).toBe('OK');
        expect(cli([...login, 'cluster', 'info'])).toMatch(/cluster_known_nodes:6/);
        const master = await cluster.nodeServing(0);
        const [replica] = await cluster.replicasOf(master);
        expect(await cluster.cli(replica?.port ?? 0, 'INFO', 'replication')).toMatch(
          /^master_link_status:up/m,
        );
        expect(cli(['ping'])).toMatch(/NOAUTH/);
      } finally {
        await cluster.stop();
      }
    },
  );
});

describe('startRedisCluster with replicasPerMaster', () => {
  it('gives every master a replica that is in sync once it resolves', { timeout: 60_000 }, async () => {
    const cluster = await startRedisCluster({ replicasPerMaster: 1 });
    try {
      expect(cluster.nodes).toHaveLength(6);
      // Slots 0, 8192 and 16383 lie with the three masters, one each.
      const masters = await Promise.all([0, 8192, 16383].map((slot) => cluster.nodeServing(slot)));
      expect(new Set(masters).size).toBe(3);
      for (const master of masters) {
        const [replica, ...more] = await cluster.replicasOf(master);
        expect(more).toEqual([]);
        if (!replica) throw new Error(`master ${master.port} has no replica`);
        expect(await cluster.cli(replica.port, 'INFO', 'replication')).toMatch(/^master_link_status:up/m);
      }
    } finally {
      await cluster.stop();
    }
  });
});
