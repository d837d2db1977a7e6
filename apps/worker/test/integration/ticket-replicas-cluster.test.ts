import { randomUUID } from 'node:crypto';
import {
  TooFewReplicasError,
  WriteNotFoundError,
  createLogger,
  createRedisConnection,
} from '@feishu-welcome/shared';
import { TEST_APP, hasRedisServerBinary, keySlot, startRedisCluster } from '@feishu-welcome/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createAppTicketStore } from '../../src/redis/app-ticket-store.js';
import { createWorkerReplicas } from '../../src/worker-replicas.js';

const { appId } = TEST_APP;

describe.skipIf(!hasRedisServerBinary())('app_ticket confirmation on a Redis Cluster', () => {
  it('asks the replica of the master holding the ticket, and takes a newer ticket kept there as proof', async () => {
    const cluster = await startRedisCluster({ replicasPerMaster: 1 });
    const redis = createRedisConnection(
      { redisUrl: cluster.url, redisCluster: true },
      { maxRetriesPerRequest: 1 },
    );
    const keyPrefix = `test-${randomUUID()}:feishu-welcome`;
    const tickets = createAppTicketStore(redis, keyPrefix);
    const replicas = createWorkerReplicas({
      redis,
      required: 1,
      keyPrefix,
      registry: new Registry(),
      log: createLogger({ name: 'test', level: 'silent' }),
    });
    try {
      expect(await tickets.save(appId, 'ticket-1', 1_000)).toBe(true);
      await replicas.confirmTicket(appId, 1_000);
      // Replaced since: the newer ticket on the master proves the older one's job done.
      expect(await tickets.save(appId, 'ticket-2', 2_000)).toBe(true);
      await replicas.confirmTicket(appId, 1_000);
      // A push the master never kept (lost in a failover, say) is not taken for kept.
      await expect(replicas.confirmTicket(appId, 3_000)).rejects.toBeInstanceOf(WriteNotFoundError);

      // Written out, not taken from the worker: the key the store keeps the ticket under.
      const master = await cluster.nodeServing(keySlot(`${keyPrefix}:app-ticket:${appId}`));
      const [replica] = await cluster.replicasOf(master);
      if (!replica) throw new Error(`master ${master.port} has no replica`);
      await replica.stop();
      expect(await tickets.save(appId, 'ticket-3', 3_000)).toBe(true);
      await expect(replicas.confirmTicket(appId, 3_000)).rejects.toBeInstanceOf(TooFewReplicasError);
      await replica.start();
      await cluster.waitUntilOk();
      await replicas.confirmTicket(appId, 3_000);
    } finally {
      replicas.close();
      redis.disconnect();
      await cluster.stop();
    }
  }, 120_000);
});
