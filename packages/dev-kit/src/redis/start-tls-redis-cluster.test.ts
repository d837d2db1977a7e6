import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startTlsRedisCluster } from './start-tls-redis-cluster.js';

describe('startTlsRedisCluster', () => {
  it(
    'forms a cluster over TLS whose nodes refuse a client without the password',
    { timeout: 60_000 },
    async () => {
      const cluster = await startTlsRedisCluster({ password: 'cl/p@ss' });
      try {
        expect(cluster.urls).toHaveLength(3);
        const [seed = ''] = cluster.urls;
        const port = new URL(seed).port;
        const cli = (args: readonly string[]) =>
          spawnSync(
            'redis-cli',
            ['--tls', '--cacert', cluster.caFile, '-p', port, '--no-auth-warning', ...args],
            {
              encoding: 'utf8',
            },
          ).stdout;
        // -c follows MOVED to the key's node: all three masters answer, over TLS, with the password.
        const login = ['--user', 'app', '--pass', 'cl/p@ss', '-c'];
        for (const key of ['a', 'b', 'c']) expect(cli([...login, 'set', key, key]).trim()).toBe('OK');
        expect(cli([...login, 'cluster', 'info'])).toMatch(/cluster_known_nodes:3/);
        expect(cli(['ping'])).toMatch(/NOAUTH/);
      } finally {
        await cluster.dispose();
      }
    },
  );
});
