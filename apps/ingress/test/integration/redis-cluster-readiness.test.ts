import { createLogger, createRedisReadiness, waitUntilReady } from '@feishu-welcome/shared';
import { startRedisCluster, waitFor } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import { createQueueConnection } from '../../src/create-queue-connection.js';

describe('readiness on a Redis Cluster', () => {
  it('turns false once the cluster finds a master gone, and true again once it is back', async () => {
    const cluster = await startRedisCluster();
    const redis = createQueueConnection(
      { redisUrl: cluster.url, redisCluster: true },
      createLogger({ name: 'test', level: 'silent' }),
    );
    try {
      expect(await waitUntilReady(redis, 10_000)).toBe(true);
      const ready = createRedisReadiness(redis, 1_000);
      expect(await ready()).toBe(true);
      // Not the node the client was given: PING still answers there, and everywhere it goes.
      const lost = cluster.nodes[2];
      if (!lost) throw new Error('a cluster of fewer than three nodes');
      await lost.stop();
      await waitFor('readiness to turn false', async () => !(await ready()), {
        timeoutMs: 20_000,
        intervalMs: 100,
      });
      await lost.start();
      await waitFor('readiness to come back', ready, { timeoutMs: 20_000, intervalMs: 100 });
    } finally {
      redis.disconnect();
      await cluster.stop();
    }
  });
});
