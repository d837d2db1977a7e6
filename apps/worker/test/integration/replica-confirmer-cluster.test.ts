import { TooFewReplicasError, createRedisConnection, type RedisConnection } from '@feishu-welcome/shared';
import { startRedisCluster } from '@feishu-welcome/testing';
import { describe, expect, it } from 'vitest';
import { createReplicaConfirmer } from '../../src/redis/replica-confirmer.js';

describe('replica confirmation on a Redis Cluster', () => {
  it('waits for a new connection to learn the slot map, then asks the master that holds the record', async () => {
    // No replicas: a confirmation that reaches the record's master can only be refused as too few.
    const cluster = await startRedisCluster();
    const target = { redisUrl: cluster.url, redisCluster: true };
    const writer = createRedisConnection(target, { maxRetriesPerRequest: 1 });
    let fresh: RedisConnection | undefined;
    try {
      await writer.hset('onboarded:tenant-a', 'ou_1', '{}');
      fresh = createRedisConnection(target, { maxRetriesPerRequest: 1 });
      const confirm = createReplicaConfirmer(() => fresh!, { required: 1, timeoutMs: 200 });
      // Asked at once, as the first job after a worker starts would: the slot map is not read yet.
      await expect(confirm({ key: 'onboarded:tenant-a', field: 'ou_1' })).rejects.toBeInstanceOf(
        TooFewReplicasError,
      );
    } finally {
      writer.disconnect();
      fresh?.disconnect();
      await cluster.stop();
    }
  });
});
